package io.leasehold.perf;

import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.Lease;
import io.leasehold.LeaseLock;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.LockHolder;
import io.leasehold.Registration;
import io.leasehold.hazelcast.HazelcastLeasehold;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Expiry of leases that each hold a lock, some with a waiter queued behind them. Everything goes
 * through the public API: {@code Lessor.grant}, {@code LeaseLock.tryLock(leaseId)} (the lock held
 * under that lease), {@code LeaseLock.tryLock(leaseId, wait)} for the waiters (under leases of their
 * own, long enough to outlive the run), {@code Lessor.addLeaseListener} to hear each end and
 * {@code LeaseLock.holder()} to check each lock is free.
 *
 * <p><b>Lag at a steady pace</b> (real time, nothing faked): leases with a short TTL are granted at a
 * steady rate, each locks one name and is never renewed; one in {@code lagWaiterEvery} has a waiter.
 * Lease lag = the listener heard its end − its deadline (the members' clock when the grant was sent +
 * the TTL, so over-counted by up to one request); lock lag = the waiter holds the lock − the holder's
 * deadline.
 *
 * <p><b>At scale</b>: N leases are granted with a long TTL; the member heap per idle lease is measured
 * (heap after a full GC, after − before, / N; every member of the topology is in this JVM, so on three
 * members that is primary + backup; the granting instance is closed first so its own lease cache is
 * not counted) next to the leases map's own entry cost on the primaries and on the backups. Then each
 * lease locks one name, some names get a waiter, and the members' clock is moved past every deadline:
 * all N are due at the same instant. Measured from that instant: until every end was heard
 * (revocations/s), until a sweep of {@code holder()} over every name finds none still held by its
 * expired lease (every lock free), and until each waiter holds its lock.
 */
final class ExpiryScenario {

    /** Threads granting and locking the fixtures (blocking calls). */
    private static final int SETUP_THREADS = 16;
    /** Threads keeping the steady pace (blocking grant + lock each; enough to keep 1,000/s at 30 ms per pair). */
    private static final int PACERS = 32;

    private ExpiryScenario() {
    }

    /** Lease ends heard by the listener, matched with the deadlines we recorded. */
    private static final class Events {
        final LongLongMap deadlines;
        final LongLongMap early;
        volatile Histogram lag = new ConcurrentHistogram(3);
        final AtomicLong heard = new AtomicLong();
        final AtomicLong lastHeardNanos = new AtomicLong();
        /** When non-zero: lag is measured from this instant (nanos) instead of from each deadline. */
        volatile long dueAtNanos;
        final Topology topo;

        Events(Topology topo, int capacity) {
            this.topo = topo;
            deadlines = new LongLongMap(capacity);
            early = new LongLongMap(Math.max(1_024, capacity / 4));
        }

        void heard(long id) {
            long now = topo.memberClock();
            long nanos = System.nanoTime();
            long deadline;
            synchronized (deadlines) {
                deadline = deadlines.get(id);
                if (deadline == LongLongMap.MISSING) {
                    // Heard before the grant's reply was handled, or a lease not ours.
                    if (early.size() < 3 * (long) 1_024) {
                        early.put(id, now);
                    }
                    return;
                }
            }
            record(deadline, now, nanos);
        }

        /** Registers a lease of ours; returns true if its end had already been heard. */
        void granted(long id, long deadline) {
            long heardAt;
            synchronized (deadlines) {
                deadlines.put(id, deadline);
                heardAt = early.get(id);
            }
            if (heardAt != LongLongMap.MISSING) {
                record(deadline, heardAt, System.nanoTime());
            }
        }

        private void record(long deadline, long now, long nanos) {
            long due = dueAtNanos;
            lag.recordValue(due != 0 ? Math.max(0, (nanos - due) / 1_000_000) : Math.max(0, now - deadline));
            heard.incrementAndGet();
            lastHeardNanos.accumulateAndGet(nanos, Math::max);
        }

        void reset() {
            synchronized (deadlines) {
                deadlines.clear();
                early.clear();
            }
            lag = new ConcurrentHistogram(3);
            heard.set(0);
            lastHeardNanos.set(0);
        }
    }

    static void run(Topology topo, Sizes sizes, Report report, String runId) throws Exception {
        int capacity = Math.max(sizes.expiryLeasesOn(topo.kind), sizes.lagLeases());
        Events events = new Events(topo, capacity);
        try (Leasehold listenerSide = HazelcastLeasehold.create(topo.driver);
             Leasehold waiterSide = HazelcastLeasehold.create(topo.driver)) {
            Registration registration = listenerSide.lessor().addLeaseListener((id, reason) -> events.heard(id));
            try {
                steadyLag(topo, sizes, report, runId, events, waiterSide);
                events.reset();
                atScale(topo, sizes, report, runId, events, waiterSide);
            } finally {
                registration.close();
            }
        }
    }

    // ------------------------------------------------------------------ steady pace

    private static void steadyLag(Topology topo, Sizes sizes, Report report, String runId, Events events,
                                  Leasehold waiterSide) throws InterruptedException {
        int n = sizes.lagLeases();
        Duration ttl = sizes.lagTtl();
        long periodNanos = 1_000_000_000L / sizes.lagRatePerSecond();
        String prefix = runId + "-lag-";
        Histogram grantLatency = new ConcurrentHistogram(3);
        Histogram lockLag = new ConcurrentHistogram(3);
        AtomicLong failed = new AtomicLong();
        AtomicLong lockFailed = new AtomicLong();
        AtomicLong waitersServed = new AtomicLong();
        AtomicLong waitersFailed = new AtomicLong();
        AtomicInteger waitersStarted = new AtomicInteger();
        AtomicLong late = new AtomicLong();
        Lease waiterLease = waiterSide.lessor().grant(Duration.ofHours(1));
        ExecutorService waiterPool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "perf-lag-waiter");
            t.setDaemon(true);
            return t;
        });
        try (Leasehold holders = HazelcastLeasehold.create(topo.driver)) {
            AtomicInteger slot = new AtomicInteger();
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
            Thread[] pacers = new Thread[PACERS];
            for (int p = 0; p < pacers.length; p++) {
                pacers[p] = new Thread(() -> {
                    int i;
                    while ((i = slot.getAndIncrement()) < n) {
                        long due = start + i * periodNanos;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        } else if (wait < -TimeUnit.MILLISECONDS.toNanos(5)) {
                            late.incrementAndGet();
                        }
                        String name = prefix + i;
                        long sent = topo.memberClock();
                        long sentNanos = System.nanoTime();
                        long deadline;
                        Lease lease;
                        try {
                            lease = holders.lessor().grant(ttl);
                            deadline = sent + lease.ttl().toMillis();
                            events.granted(lease.id(), deadline);
                            grantLatency.recordValue((System.nanoTime() - sentNanos) / 1_000);
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                            continue;
                        }
                        try {
                            if (holders.lock(name).tryLock(lease.id()).isEmpty()) {
                                lockFailed.incrementAndGet();
                                continue;
                            }
                        } catch (RuntimeException e) {
                            lockFailed.incrementAndGet();
                            continue;
                        }
                        if (i % sizes.lagWaiterEvery() == 0) {
                            waitersStarted.incrementAndGet();
                            long holderDeadline = deadline;
                            waiterPool.execute(() -> {
                                try {
                                    Optional<LockHandle> got = waiterSide.lock(name)
                                            .tryLock(waiterLease.id(), ttl.multipliedBy(10).plusSeconds(10));
                                    if (got.isPresent()) {
                                        lockLag.recordValue(Math.max(0, topo.memberClock() - holderDeadline));
                                        waitersServed.incrementAndGet();
                                        got.get().unlock();
                                    } else {
                                        waitersFailed.incrementAndGet();
                                    }
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                } catch (RuntimeException e) {
                                    waitersFailed.incrementAndGet();
                                }
                            });
                        }
                    }
                }, "perf-lag-pacer-" + p);
                pacers[p].start();
            }
            for (Thread t : pacers) {
                t.join();
            }
            double pacedSeconds = (System.nanoTime() - start) / 1e9;
            long expected = n - failed.get();
            try {
                Topology.waitUntil(() -> events.heard.get() >= expected
                                && waitersServed.get() + waitersFailed.get() >= waitersStarted.get(),
                        ttl.toMillis() * 10 + 30_000, "the ends of " + n + " leases and their waiters");
            } catch (IllegalStateException e) {
                throw new IllegalStateException(e.getMessage() + ": heard " + events.heard.get() + " of " + expected
                        + ", waiters served " + waitersServed.get() + " of " + waitersStarted.get(), e);
            }
            Histogram lag = events.lag;
            report.row("expiry-lag", topo.kind.label, Report.LEASEHOLD)
                    .put("leases", n)
                    .put("rate_target_per_s", sizes.lagRatePerSecond())
                    .put("rate_achieved_per_s", n / pacedSeconds)
                    .put("late_grants", late.get())
                    .put("ttl_ms", ttl.toMillis())
                    .put("lag_p50_ms", (double) lag.getValueAtPercentile(50))
                    .put("lag_p99_ms", (double) lag.getValueAtPercentile(99))
                    .put("lag_max_ms", (double) lag.getMaxValue())
                    .put("lock_lag_p50_ms", (double) lockLag.getValueAtPercentile(50))
                    .put("lock_lag_p99_ms", (double) lockLag.getValueAtPercentile(99))
                    .put("lock_lag_max_ms", (double) lockLag.getMaxValue())
                    .put("heard", events.heard.get())
                    .put("grant_failures", failed.get())
                    .put("lock_failures", lockFailed.get())
                    .put("waiters", waitersStarted.get())
                    .put("waiters_served", waitersServed.get())
                    .put("grant_p50_ms", grantLatency.getValueAtPercentile(50) / 1e3)
                    .put("grant_p99_ms", grantLatency.getValueAtPercentile(99) / 1e3)
                    .headline("lag_p99_ms")
                    .note("each lease (Lessor.grant, TTL " + ttl.toMillis() + " ms) holds one lock (tryLock(leaseId)); one in "
                            + sizes.lagWaiterEvery() + " has a waiter; lag = end heard - deadline; lock_lag = waiter holds it - holder's deadline");
        } finally {
            waiterPool.shutdownNow();
            try {
                waiterSide.lessor().revoke(waiterLease.id());
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }

    // ------------------------------------------------------------------ at scale

    private static void atScale(Topology topo, Sizes sizes, Report report, String runId, Events events,
                                Leasehold waiterSide) throws Exception {
        int n = sizes.expiryLeasesOn(topo.kind);
        int waiterCount = Math.min(sizes.expiryWaiters(), n);
        // Long enough for any setup; the members' clock is moved past it afterwards.
        Duration ttl = Duration.ofHours(2);
        Duration waiterTtl = Duration.ofHours(6);
        String prefix = runId + "-scale-";
        long[] ids = new long[n];
        var leasesMap = topo.driver.getMap(LeaseholdConfig.LEASES_MAP);
        int leasesBefore = leasesMap.size();
        Topology.MapFootprint leases0 = topo.mapFootprint(LeaseholdConfig.LEASES_MAP);
        Topology.MapFootprint locks0 = topo.mapFootprint(LeaseholdConfig.LOCKS_MAP);
        long heap0 = heapAfterGc();

        // 1. N idle leases.
        AtomicLong failed = new AtomicLong();
        long grantStart = System.nanoTime();
        try (Leasehold granter = HazelcastLeasehold.create(topo.driver)) {
            parallel(n, i -> {
                long sent = topo.memberClock();
                try {
                    Lease lease = granter.lessor().grant(ttl);
                    ids[i] = lease.id();
                    events.granted(lease.id(), sent + lease.ttl().toMillis());
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                }
            });
        }
        double grantSeconds = (System.nanoTime() - grantStart) / 1e9;
        long granted = n - failed.get();
        long heap1 = heapAfterGc();
        Topology.MapFootprint leases1 = topo.mapFootprint(LeaseholdConfig.LEASES_MAP);

        // 2. Each lease locks one name.
        AtomicLong lockFailed = new AtomicLong();
        long lockStart = System.nanoTime();
        Leasehold holders = HazelcastLeasehold.create(topo.driver);
        try {
            parallel(n, i -> {
                if (ids[i] == 0) {
                    return;
                }
                try {
                    if (holders.lock(prefix + i).tryLock(ids[i]).isEmpty()) {
                        lockFailed.incrementAndGet();
                    }
                } catch (RuntimeException e) {
                    lockFailed.incrementAndGet();
                }
            });
            double lockSeconds = (System.nanoTime() - lockStart) / 1e9;
            Topology.MapFootprint locks1 = topo.mapFootprint(LeaseholdConfig.LOCKS_MAP);

            // 3. Waiters on some of them, each under a lease of its own.
            int stride = Math.max(1, n / Math.max(1, waiterCount));
            List<Integer> waited = new ArrayList<>();
            for (int w = 0; w < waiterCount; w++) {
                waited.add(w * stride);
            }
            long[] servedAt = new long[waiterCount];
            long[] waiterLeases = new long[waiterCount];
            AtomicLong waitersFailed = new AtomicLong();
            List<Thread> waiterThreads = new ArrayList<>();
            for (int w = 0; w < waiterCount; w++) {
                int index = w;
                String name = prefix + waited.get(w);
                waiterLeases[w] = waiterSide.lessor().grant(waiterTtl).id();
                Thread t = new Thread(() -> {
                    try {
                        Optional<LockHandle> got = waiterSide.lock(name).tryLock(waiterLeases[index], waiterTtl);
                        if (got.isPresent()) {
                            servedAt[index] = System.nanoTime();
                            got.get().unlock();
                        } else {
                            waitersFailed.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        waitersFailed.incrementAndGet();
                    }
                }, "perf-scale-waiter-" + w);
                t.setDaemon(true);
                t.start();
                waiterThreads.add(t);
            }
            for (int w = 0; w < waiterCount; w++) {
                LeaseLock lock = waiterSide.lock(prefix + waited.get(w));
                Topology.waitUntil(() -> lock.holder().map(h -> h.waiters() > 0).orElse(false), 60_000,
                        "a waiter to queue on " + lock.name());
            }

            // 4. Every deadline passes at once.
            long t0 = System.nanoTime();
            events.dueAtNanos = t0;
            topo.advanceClock(ttl.toMillis() + 1_000);
            long timeout = TimeUnit.SECONDS.toNanos(60) + TimeUnit.MILLISECONDS.toNanos(n / 5);
            while (events.heard.get() < granted && System.nanoTime() - t0 < timeout) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            long heard = events.heard.get();
            long endHeard = heard >= granted ? events.lastHeardNanos.get() : System.nanoTime();
            double revokeSeconds = Math.max(1e-3, (endHeard - t0) / 1e9);

            // 5. Every lock free: sweep holder() over the names still held by their (expired) lease.
            List<Integer> held = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (ids[i] != 0) {
                    held.add(i);
                }
            }
            int sweeps = 0;
            long sweepLimit = System.nanoTime() + TimeUnit.SECONDS.toNanos(60) + TimeUnit.MILLISECONDS.toNanos(n / 5);
            while (!held.isEmpty() && System.nanoTime() < sweepLimit) {
                sweeps++;
                List<Integer> check = held;
                boolean[] still = new boolean[check.size()];
                parallel(check.size(), k -> {
                    int i = check.get(k);
                    Optional<LockHolder> h = waiterSide.lock(prefix + i).holder();
                    still[k] = h.isPresent() && h.get().leaseId() == ids[i];
                });
                List<Integer> next = new ArrayList<>();
                for (int k = 0; k < still.length; k++) {
                    if (still[k]) {
                        next.add(check.get(k));
                    }
                }
                held = next;
                if (!held.isEmpty()) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                }
            }
            double allFreeSeconds = (System.nanoTime() - t0) / 1e9;
            for (Thread t : waiterThreads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            Histogram served = new Histogram(3);
            int waitersServed = 0;
            for (long at : servedAt) {
                if (at != 0) {
                    waitersServed++;
                    served.recordValue(Math.max(0, (at - t0) / 1_000_000));
                }
            }
            int leasesLeft = Math.max(0, leasesMap.size() - leasesBefore - waiterCount);
            Histogram lag = events.lag;

            double heapPerLease = granted > 0 ? (double) (heap1 - heap0) / granted : Double.NaN;
            double ownedPerLease = granted > 0 ? (double) (leases1.ownedCost() - leases0.ownedCost()) / granted : Double.NaN;
            double backupPerLease = granted > 0 ? (double) (leases1.backupCost() - leases0.backupCost()) / granted : Double.NaN;
            Report.Row row = report.row("expiry-scale-" + n, topo.kind.label, Report.LEASEHOLD)
                    .put("leases", granted)
                    .put("locks_held", granted - lockFailed.get())
                    .put("waiters", waiterCount)
                    .put("grants_per_s", granted / grantSeconds)
                    .put("locks_per_s", granted / lockSeconds)
                    .put("revocations_per_s", heard / revokeSeconds)
                    .put("revoke_all_s", revokeSeconds)
                    .put("all_free_s", allFreeSeconds)
                    .put("lag_p50_ms", (double) lag.getValueAtPercentile(50))
                    .put("lag_p99_ms", (double) lag.getValueAtPercentile(99))
                    .put("lag_max_ms", (double) lag.getMaxValue())
                    .put("waiters_served", waitersServed)
                    .put("waiter_served_p50_ms", (double) served.getValueAtPercentile(50))
                    .put("waiter_served_max_ms", (double) served.getMaxValue())
                    .put("heard", heard)
                    .put("leases_left", leasesLeft)
                    .put("locks_still_held", held.size())
                    .put("free_sweeps", sweeps)
                    .put("heap_bytes_per_idle_lease", heapPerLease)
                    .put("leases_map_primary_bytes_per_lease", ownedPerLease)
                    .put("leases_map_backup_bytes_per_lease", backupPerLease)
                    .put("heap_primary_bytes_per_idle_lease", topo.kind.members > 1 ? heapPerLease - backupPerLease : heapPerLease)
                    .put("locks_map_primary_bytes_per_lock", granted > 0
                            ? (double) (locks1.ownedCost() - locks0.ownedCost()) / granted : Double.NaN)
                    .headline("revocations_per_s")
                    .note("all N due at one instant (members' clock moved forward); revocations_per_s = ends heard / time "
                            + "until the last was heard; lag = heard - that instant; all_free_s = until a holder() sweep "
                            + "found no name still held by its expired lease (includes the sweep)")
                    .note("heap_bytes_per_idle_lease = member heap after GC, after - before granting, / N, every member in "
                            + "this JVM (" + (topo.kind.members > 1 ? "primary + 1 backup" : "primary only")
                            + "); heap_primary = that minus the backup entries' own cost; *_map_* = LocalMapStats entry cost");
            if (heard < granted) {
                row.note("only " + heard + " of " + granted + " lease ends were heard within the time allowed");
            }
            if (!held.isEmpty()) {
                row.note(held.size() + " locks were still held by their expired lease when the sweep gave up");
            }
            // Clean up: the waiters' leases.
            for (long id : waiterLeases) {
                try {
                    waiterSide.lessor().revoke(id);
                } catch (RuntimeException ignored) {
                    // already gone
                }
            }
        } finally {
            holders.close();
        }
    }

    /** Runs {@code body(i)} for i in [0, n) on {@link #SETUP_THREADS} threads, blocking calls. */
    private static void parallel(int n, java.util.function.IntConsumer body) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        Thread[] workers = new Thread[Math.min(SETUP_THREADS, Math.max(1, n))];
        for (int t = 0; t < workers.length; t++) {
            workers[t] = new Thread(() -> {
                int i;
                while ((i = next.getAndIncrement()) < n) {
                    body.accept(i);
                }
            }, "perf-setup-" + t);
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
