package io.leasehold.perf;

import io.leasehold.hazelcast.LeaseholdConfig;
import com.hazelcast.core.EntryView;
import com.hazelcast.map.IMap;
import io.leasehold.LockHandle;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;

import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * State that should stay bounded: one Leasehold instance (one session) locks and releases N distinct
 * names, 8 threads at a time. Measured through the members' own map statistics, not the backend's
 * classes: the session lease's record cost ({@code IMap.getEntryView(sessionId).getCost()}) when new
 * and after the N names, and the locks map's entries (summed {@code LocalMapStats} over the members)
 * before, right after, and once released idle records have left (waited for, bounded; the time it
 * took is reported). A session that has locked 100,000 names should be as small as a new one, and
 * the locks map should hold no record for a released, idle name.
 */
final class StateScenario {

    private StateScenario() {
    }

    static void run(Topology topo, Sizes sizes, Report report, String runId) throws InterruptedException {
        int threads = sizes.freshThreads();
        IMap<Object, Object> leases = topo.driver.getMap(LeaseholdConfig.LEASES_MAP);
        long locksBefore = topo.mapFootprint(LeaseholdConfig.LOCKS_MAP).ownedEntries();
        long locksCostBefore = topo.mapFootprint(LeaseholdConfig.LOCKS_MAP).ownedCost();
        String prefix = runId + "-state-";
        try (Leasehold lh = HazelcastLeasehold.create(topo.driver)) {
            // A new session: one name locked and released.
            lh.lock(prefix + "first").tryLock().orElseThrow(
                    () -> new IllegalStateException("a fresh lock was found taken")).unlock();
            OptionalLong session = lh.sessionLeaseId();
            long costNew = session.isPresent() ? cost(leases, session.getAsLong()) : -1;

            AtomicLong next = new AtomicLong();
            AtomicLong failures = new AtomicLong();
            long deadline = System.nanoTime() + sizes.stateMaxTime().toNanos();
            long t0 = System.nanoTime();
            Thread[] workers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                workers[t] = new Thread(() -> {
                    long i;
                    while ((i = next.getAndIncrement()) < sizes.stateCycles() && System.nanoTime() < deadline) {
                        try {
                            LockHandle h = lh.lock(prefix + i).tryLock().orElse(null);
                            if (h == null) {
                                failures.incrementAndGet();
                            } else {
                                h.unlock();
                            }
                        } catch (RuntimeException e) {
                            failures.incrementAndGet();
                        }
                    }
                }, "perf-state-" + t);
                workers[t].start();
            }
            for (Thread w : workers) {
                w.join();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long cycles = Math.min(next.get(), sizes.stateCycles());
            OptionalLong sessionAfter = lh.sessionLeaseId();
            long costAfter = sessionAfter.isPresent() ? cost(leases, sessionAfter.getAsLong()) : -1;
            Topology.MapFootprint right = topo.mapFootprint(LeaseholdConfig.LOCKS_MAP);

            // Released records should leave the locks map: wait (bounded) and time it.
            long drainStart = System.nanoTime();
            long drainLimit = drainStart + sizes.drainWait().toNanos();
            long left;
            while ((left = topo.mapFootprint(LeaseholdConfig.LOCKS_MAP).ownedEntries() - locksBefore) > 0
                    && System.nanoTime() < drainLimit) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            Topology.MapFootprint after = topo.mapFootprint(LeaseholdConfig.LOCKS_MAP);

            Report.Row row = report.row("state-" + sizes.stateCycles() + "-names", topo.kind.label, Report.LEASEHOLD)
                    .put("cycles", cycles)
                    .put("cycles_per_s", cycles / Math.max(1e-3, seconds))
                    .put("failures", failures.get())
                    .put("session_record_new_bytes", costNew)
                    .put("session_record_after_bytes", costAfter)
                    .put("session_growth_x", costNew > 0 && costAfter >= 0 ? (double) costAfter / costNew : Double.NaN)
                    .put("session_changed", sessionAfter.equals(session) ? 0 : 1)
                    .put("lock_records_before", locksBefore)
                    .put("lock_records_right_after", right.ownedEntries() - locksBefore)
                    .put("lock_records_after_wait", left)
                    .put("drain_wait_s", drainSeconds)
                    .put("drained", left <= 0 ? 1 : 0)
                    .put("locks_map_cost_after_wait_bytes", after.ownedCost() - locksCostBefore)
                    .put("locks_map_bytes_per_released_name",
                            cycles > 0 ? (double) (after.ownedCost() - locksCostBefore) / cycles : Double.NaN)
                    .headline("session_growth_x")
                    .note("one session locks and releases distinct names (" + threads + " threads, at most "
                            + sizes.stateMaxTime().toSeconds() + " s); session record = getEntryView(sessionLeaseId).getCost(); "
                            + "lock records = locks map owned entries (LocalMapStats, all members) minus those before; "
                            + "drain_wait_s = time waited for them to leave (limit " + sizes.drainWait().toSeconds() + " s)");
            if (cycles < sizes.stateCycles()) {
                row.note("stopped at " + cycles + " of " + sizes.stateCycles() + " names after "
                        + sizes.stateMaxTime().toSeconds() + " s");
            }
        }
    }

    private static long cost(IMap<Object, Object> leases, long id) {
        EntryView<Object, Object> view = leases.getEntryView(id);
        return view == null ? -1 : view.getCost();
    }
}
