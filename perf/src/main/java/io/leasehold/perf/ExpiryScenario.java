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
        int capacity = Math.max(sizes.expiryLeasesOn(topo.kind), sizes.lagLeases());
        LongLongMap deadlines = new LongLongMap(capacity);
        AtomicReference<Histogram> lag = new AtomicReference<>(new ConcurrentHistogram(3));
        AtomicLong heard = new AtomicLong();
        AtomicLong lastHeardNanos = new AtomicLong();
        AtomicLong unknown = new AtomicLong();
        LongLongMap early = new LongLongMap(sizes.lagLeases());
        try (Leasehold listenerSide = HazelcastLeasehold.create(topo.driver)) {
            Registration registration = listenerSide.lessor().addLeaseListener((id, reason) -> {
                long now = topo.memberClock();
                long deadline;
                synchronized (deadlines) {
                    deadline = deadlines.get(id);
                    if (deadline == LongLongMap.MISSING) {
                        // Heard before the grant's reply was handled: the grant callback records it.
                        early.put(id, now);
                        unknown.incrementAndGet();
                        return;
                    }
                }
                lag.get().recordValue(Math.max(0, now - deadline));
                heard.incrementAndGet();
                lastHeardNanos.set(System.nanoTime());
            });
            try {
                try {
                    steadyLag(topo, sizes, report, deadlines, early, lag.get(), heard, unknown);
                } catch (IllegalStateException e) {
                    throw new IllegalStateException(e.getMessage() + ", ends heard of unknown leases " + unknown.get(), e);
                }
                deadlines.clear();
                lag.set(new ConcurrentHistogram(3));
                heard.set(0);
                atScale(topo, sizes, report, deadlines, lag, heard, lastHeardNanos);
            } finally {
                registration.close();
            }
        }
    }

    private static void steadyLag(Topology topo, Sizes sizes, Report report, LongLongMap deadlines, LongLongMap early,
                                  Histogram lag, AtomicLong heard, AtomicLong unknown) throws InterruptedException {
        Histogram grantLatency = new ConcurrentHistogram(3);
        int n = sizes.lagLeases();
        Duration ttl = sizes.lagTtl();
        long periodNanos = 1_000_000_000L / sizes.lagRatePerSecond();
        AtomicLong failed = new AtomicLong();
        // Paced, blocking grants straight through the Grant entry processor: Lessor.grantAsync's replies
        // come back hundreds of milliseconds late on 2 cores (a new thread per future callback), which
        // would both delay the deadlines' bookkeeping and load the JVM the revoker runs in.
        var leases = topo.driver.<Long, io.leasehold.hazelcast.internal.LeaseRecord>getMap(Maps.LEASES);
        java.util.SplittableRandom random = new java.util.SplittableRandom();
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long due = start + i * periodNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long id = random.nextLong() | 1;
            long sent = topo.memberClock();
            long sentNanos = System.nanoTime();
            var reply = leases.executeOnKey(id, new io.leasehold.hazelcast.internal.Processors.Grant(ttl.toMillis(), 0));
            grantLatency.recordValue((System.nanoTime() - sentNanos) / 1_000);
            if (!reply.isOk()) {
                failed.incrementAndGet();
                continue;
            }
            long deadline = sent + reply.ttl();
            long heardAt;
            synchronized (deadlines) {
                deadlines.put(id, deadline);
                heardAt = early.get(id);
            }
            if (heardAt != LongLongMap.MISSING) {
                lag.recordValue(Math.max(0, heardAt - deadline));
                heard.incrementAndGet();
            }
        }
        try {
            Topology.waitUntil(() -> heard.get() + failed.get() >= n, ttl.toMillis() + 30_000,
                    "the ends of " + n + " leases");
        } catch (IllegalStateException e) {
            throw new IllegalStateException(e.getMessage() + ": heard " + heard.get() + ", failed " + failed.get()
                    + ", granted " + deadlines.size() + ", left on the cluster " + leases.size(), e);
        }
        report.row("expiry-lag", topo.kind.label, Report.LEASEHOLD)
                .put("leases", n)
                .put("rate_per_s", sizes.lagRatePerSecond())
                .put("ttl_ms", ttl.toMillis())
                .put("lag_p50_ms", (double) lag.getValueAtPercentile(50))
                .put("lag_p99_ms", (double) lag.getValueAtPercentile(99))
                .put("lag_max_ms", (double) lag.getMaxValue())
                .put("heard", heard.get())
                .put("heard_before_grant_reply", unknown.get())
                .put("grant_p50_ms", grantLatency.getValueAtPercentile(50) / 1e3)
                .put("grant_p99_ms", grantLatency.getValueAtPercentile(99) / 1e3)
                .headline("lag_p99_ms")
                .note("lag = listener heard the end - (members' clock at grant sent + TTL); grants paced, blocking, via the Grant processor");
    }

    private static void atScale(Topology topo, Sizes sizes, Report report, LongLongMap deadlines,
                                AtomicReference<Histogram> lag, AtomicLong heard, AtomicLong lastHeardNanos)
            throws InterruptedException {
        int n = sizes.expiryLeasesOn(topo.kind);
        long ttlMillis = TimeUnit.MINUTES.toMillis(10);
        long heapBefore = heapAfterGc();
        AtomicLong failed = new AtomicLong();
        long grantStart = System.nanoTime();
        grantFixture(topo, n, ttlMillis, deadlines, failed);
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
        // The map may empty before the last event arrives: watch it until then.
        while (drainedAt == 0 && System.nanoTime() - t0 < timeout) {
            if (leases.isEmpty()) {
                drainedAt = System.nanoTime();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        int left = leases.size();
        boolean allHeard = heard.get() >= granted;
        long end = drainedAt != 0 ? drainedAt : System.nanoTime();
        double revokeSeconds = Math.max(1e-3, (end - t0) / 1e9);
        long revoked = granted - left;
        double heardSeconds = Math.max(1e-3, ((allHeard ? lastHeardNanos.get() : System.nanoTime()) - t0) / 1e9);
        Histogram h = lag.get();
        Report.Row row = report.row("expiry-scale-" + n, topo.kind.label, Report.LEASEHOLD)
                .put("leases", granted)
                .put("grants_per_s", granted / grantSeconds)
                .put("revocations_per_s", revoked / revokeSeconds)
                .put("revoke_all_s", revokeSeconds)
                .put("ends_heard_per_s", heard.get() / heardSeconds)
                .put("lag_p50_ms", (double) h.getValueAtPercentile(50))
                .put("lag_p99_ms", (double) h.getValueAtPercentile(99))
                .put("lag_max_ms", (double) h.getMaxValue())
                .put("heap_bytes_per_lease", bytesPerLease)
                .put("heard", heard.get())
                .put("left_on_cluster", left)
                .headline("revocations_per_s")
                .note("revocations_per_s = leases / time until the leases map was empty; ends_heard_per_s = lease-listener events")
                .note("setup grants go straight to the Grant entry processor (blocking, 8 threads); all deadlines made to pass at once (members' clock moved forward), so lag here is queueing; "
                        + "heap per lease counts every member in this JVM (primary + " + (topo.kind.members > 1 ? "1 backup" : "no backup")
                        + ")");
        if (heard.get() < granted) {
            row.note("only " + heard.get() + " of " + granted + " lease ends were heard within the time allowed");
        }
    }

    /**
     * Grants {@code n} leases for the scale run straight through the backend's Grant entry processor,
     * 8 threads, blocking calls: the same record and the same expiry-heap entry as
     * {@code Lessor.grant}, without the client-side lease cache (which would count as member heap)
     * and without the future callbacks that bound {@code grantAsync} on 2 cores (one new thread per
     * callback; see the report). The API's own grant rate is in the lease-churn and expiry-lag rows.
     */
    private static void grantFixture(Topology topo, int n, long ttlMillis, LongLongMap deadlines, AtomicLong failed)
            throws InterruptedException {
        com.hazelcast.map.IMap<Long, io.leasehold.hazelcast.internal.LeaseRecord> leases =
                topo.driver.getMap(Maps.LEASES);
        int threads = 8;
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int count = n / threads + (t < n % threads ? 1 : 0);
            workers[t] = new Thread(() -> {
                java.util.SplittableRandom random = new java.util.SplittableRandom();
                for (int i = 0; i < count; i++) {
                    long id;
                    do {
                        id = random.nextLong();
                    } while (id == 0);
                    long sent = topo.memberClock();
                    try {
                        var reply = leases.executeOnKey(id,
                                new io.leasehold.hazelcast.internal.Processors.Grant(ttlMillis, 0));
                        if (reply.isOk()) {
                            deadlines.put(id, sent + reply.ttl());
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (RuntimeException e) {
                        failed.incrementAndGet();
                    }
                }
            }, "perf-grant-" + t);
            workers[t].start();
        }
        for (Thread w : workers) {
            w.join();
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
