package io.leasehold.perf;

import io.leasehold.Leasehold;
import io.leasehold.Lessor;
import io.leasehold.Registration;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.internal.Maps;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 5: expiry.
 *
 * <p><b>Lag at a steady pace</b> (real time, nothing faked): leases with a short TTL are granted at
 * a steady rate and never renewed; a lease listener records, for each, the time its end was heard
 * minus its deadline (the members' clock when the grant was sent, plus the TTL, so the lag is
 * over-counted by up to one request latency).
 *
 * <p><b>At scale</b>: N leases are granted with a TTL long enough to measure the heap before any
 * expires (heap used after a full GC, after minus before, divided by N: every member of the
 * topology is in this JVM, so on three members that includes the backup copy). The granting
 * Leasehold instance is closed first, so its local lease cache is not counted. Then the members'
 * clock is moved forward past every deadline, making all N leases due at the same instant, and the
 * time until the last one is revoked gives revocations per second; the lag distribution then mostly
 * shows the queue.
 */
final class ExpiryScenario {

    private ExpiryScenario() {
    }

    static void run(Topology topo, Sizes sizes, Report report) throws Exception {
        int capacity = Math.max(sizes.expiryLeases(), sizes.lagLeases());
        LongLongMap deadlines = new LongLongMap(capacity);
        AtomicReference<Histogram> lag = new AtomicReference<>(new ConcurrentHistogram(3));
        AtomicLong heard = new AtomicLong();
        AtomicLong lastHeardNanos = new AtomicLong();
        try (Leasehold listenerSide = HazelcastLeasehold.create(topo.driver)) {
            Registration registration = listenerSide.lessor().addLeaseListener((id, reason) -> {
                long deadline = deadlines.get(id);
                if (deadline != LongLongMap.MISSING) {
                    lag.get().recordValue(Math.max(0, topo.memberClock() - deadline));
                    heard.incrementAndGet();
                    lastHeardNanos.set(System.nanoTime());
                }
            });
            try {
                steadyLag(topo, sizes, report, deadlines, lag.get(), heard);
                deadlines.clear();
                lag.set(new ConcurrentHistogram(3));
                heard.set(0);
                atScale(topo, sizes, report, deadlines, lag, heard, lastHeardNanos);
            } finally {
                registration.close();
            }
        }
    }

    private static void steadyLag(Topology topo, Sizes sizes, Report report, LongLongMap deadlines, Histogram lag,
                                  AtomicLong heard) throws InterruptedException {
        int n = sizes.lagLeases();
        Duration ttl = sizes.lagTtl();
        long periodNanos = 1_000_000_000L / sizes.lagRatePerSecond();
        AtomicLong failed = new AtomicLong();
        try (Leasehold granter = HazelcastLeasehold.create(topo.driver)) {
            Lessor lessor = granter.lessor();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long due = start + i * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                long sent = topo.memberClock();
                lessor.grantAsync(ttl).whenComplete((lease, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    } else {
                        deadlines.put(lease.id(), sent + lease.ttl().toMillis());
                    }
                });
            }
            Topology.waitUntil(() -> heard.get() + failed.get() >= n, ttl.toMillis() + 30_000,
                    "the ends of " + n + " leases");
        }
        report.row("expiry-lag", topo.kind.label, Report.LEASEHOLD)
                .put("leases", n)
                .put("rate_per_s", sizes.lagRatePerSecond())
                .put("ttl_ms", ttl.toMillis())
                .put("lag_p50_ms", (double) lag.getValueAtPercentile(50))
                .put("lag_p99_ms", (double) lag.getValueAtPercentile(99))
                .put("lag_max_ms", (double) lag.getMaxValue())
                .put("heard", heard.get())
                .headline("lag_p99_ms")
                .note("lag = listener heard the end - (members' clock at grant sent + TTL)");
    }

    private static void atScale(Topology topo, Sizes sizes, Report report, LongLongMap deadlines,
                                AtomicReference<Histogram> lag, AtomicLong heard, AtomicLong lastHeardNanos)
            throws InterruptedException {
        int n = sizes.expiryLeases();
        long ttlMillis = TimeUnit.MINUTES.toMillis(10);
        long heapBefore = heapAfterGc();
        AtomicLong failed = new AtomicLong();
        long grantStart = System.nanoTime();
        try (Leasehold granter = HazelcastLeasehold.create(topo.driver)) {
            Lessor lessor = granter.lessor();
            Semaphore window = new Semaphore(LeaseScenarios.WINDOW);
            Duration ttl = Duration.ofMillis(ttlMillis);
            for (int i = 0; i < n; i++) {
                window.acquire();
                long sent = topo.memberClock();
                lessor.grantAsync(ttl).whenComplete((lease, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                    } else {
                        deadlines.put(lease.id(), sent + lease.ttl().toMillis());
                    }
                    window.release();
                });
            }
            window.acquire(LeaseScenarios.WINDOW);
        }
        double grantSeconds = (System.nanoTime() - grantStart) / 1e9;
        long granted = n - failed.get();
        long heapAfter = heapAfterGc();
        double bytesPerLease = granted > 0 ? (double) (heapAfter - heapBefore) / granted : Double.NaN;

        // Every deadline passes at once.
        topo.advanceClock(ttlMillis + 1);
        long t0 = System.nanoTime();
        var leases = topo.driver.getMap(Maps.LEASES);
        long timeout = TimeUnit.SECONDS.toNanos(60) + TimeUnit.MILLISECONDS.toNanos(n / 5);
        long drainedAt = 0;
        while (heard.get() < granted && System.nanoTime() - t0 < timeout) {
            if (drainedAt == 0 && leases.isEmpty()) {
                drainedAt = System.nanoTime();
            }
            if (drainedAt != 0 && System.nanoTime() - drainedAt > TimeUnit.SECONDS.toNanos(5)) {
                break; // every lease is gone from the map; some events were not delivered
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        if (drainedAt == 0 && leases.isEmpty()) {
            drainedAt = System.nanoTime();
        }
        int left = leases.size();
        boolean allHeard = heard.get() >= granted;
        long end = allHeard ? lastHeardNanos.get() : drainedAt != 0 ? drainedAt : System.nanoTime();
        double revokeSeconds = Math.max(1e-3, (end - t0) / 1e9);
        long revoked = allHeard ? granted : granted - left;
        Histogram h = lag.get();
        Report.Row row = report.row("expiry-scale-" + n, topo.kind.label, Report.LEASEHOLD)
                .put("leases", granted)
                .put("grants_per_s", granted / grantSeconds)
                .put("revocations_per_s", revoked / revokeSeconds)
                .put("revoke_all_s", revokeSeconds)
                .put("lag_p50_ms", (double) h.getValueAtPercentile(50))
                .put("lag_p99_ms", (double) h.getValueAtPercentile(99))
                .put("lag_max_ms", (double) h.getMaxValue())
                .put("heap_bytes_per_lease", bytesPerLease)
                .put("heard", heard.get())
                .put("left_on_cluster", left)
                .headline("revocations_per_s")
                .note("all deadlines made to pass at once (members' clock moved forward), so lag here is queueing; "
                        + "heap per lease counts every member in this JVM (primary + " + (topo.kind.members > 1 ? "1 backup" : "no backup")
                        + ")");
        if (heard.get() < granted) {
            row.note("only " + heard.get() + " of " + granted + " lease ends were heard within the time allowed");
        }
    }

    /** Heap used after a full collection (two System.gc() calls, which G1 runs as full collections). */
    static long heapAfterGc() {
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
