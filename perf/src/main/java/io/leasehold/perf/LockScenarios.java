package io.leasehold.perf;

import io.leasehold.perf.Load.Measurement;

import java.time.Duration;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The lock shapes, each run on Leasehold's lock and on {@code IMap.lock}, one after the other, on the
 * same members, through the same instance.
 *
 * <ul>
 *   <li>uncontended, fresh name: each thread locks and unlocks a name never used before, every time
 *       (a service locking {@code order/<id>}), without waiting ({@code tryLock()} on both);</li>
 *   <li>uncontended, reused name: one thread locks and unlocks the same name;</li>
 *   <li>hot: every thread locks and unlocks one name, waiting for it ({@code tryLock(wait)} on both):
 *       each acquire is a handoff. Fairness is measured two ways: acquisitions per thread (max/min),
 *       and FIFO order — each attempt takes a ticket just before it asks, and a grant that goes to a
 *       ticket while an earlier ticket is still waiting counts as an overtake;</li>
 *   <li>spread: 16 threads lock random names out of 1,000, waiting when one is taken.</li>
 * </ul>
 * The latency recorded is the acquire's; the rate counts acquire + release pairs.
 */
final class LockScenarios {

    private LockScenarios() {
    }

    /**
     * Runs both implementations' hot paths (fresh names on 4 threads, then one name on 4 threads),
     * unmeasured, before any figure is taken on a topology. Without it the JIT compiles the shared
     * Hazelcast paths during whichever implementation is measured first (Leasehold: the profile
     * command showed a compiler thread taking more CPU than the lock work in its first seconds),
     * and the second one is measured on warm code.
     */
    static void warmBoth(Topology topo, Duration each, String runId) throws InterruptedException {
        if (each.isZero()) {
            return;
        }
        int run = 0;
        for (Function<String, LockDriver> make : drivers(topo, 1)) {
            String prefix = runId + "-warm-" + (run++) + "-";
            long[] next = new long[4];
            try (LockDriver d = make.apply(prefix)) {
                Duration half = each.dividedBy(2);
                Load.run("warm-fresh", 4, half, Duration.ZERO, Long.MAX_VALUE, () -> 0L, (t, random) -> {
                    String name = prefix + t + "/" + (next[t]++);
                    Object token = d.tryAcquire(name);
                    if (token != null) {
                        d.release(name, token);
                    }
                    return 0L;
                });
                Load.run("warm-hot", 4, half, Duration.ZERO, Long.MAX_VALUE, () -> 0L, (t, random) -> {
                    Object token = d.acquire(0);
                    if (token != null) {
                        d.release(0, token);
                    }
                    return 0L;
                });
            }
        }
    }

    static void fresh(Topology topo, Sizes sizes, Report report, String runId, int threads)
            throws InterruptedException {
        String scenario = "uncontended-fresh-" + threads + "t";
        int run = 0;
        for (Function<String, LockDriver> make : drivers(topo, 0)) {
            // Names differ between the two implementations too: neither finds the other's records.
            String prefix = runId + "-fresh" + threads + "-" + (run++) + "-";
            long[] next = new long[threads];
            try (LockDriver d = make.apply(prefix)) {
                Measurement m = Load.run(scenario, threads, sizes.warmup(), sizes.measure(), sizes.maxOps(),
                        topo::memberOperations, (t, random) -> {
                            String name = prefix + t + "/" + (next[t]++);
                            long start = System.nanoTime();
                            Object token = d.tryAcquire(name);
                            long acquired = System.nanoTime() - start;
                            if (token == null) {
                                throw new IllegalStateException("a fresh lock '" + name + "' was found taken");
                            }
                            d.release(name, token);
                            return acquired;
                        });
                fill(report.row(scenario, topo.kind.label, d.impl()), m).headline("ops_per_s")
                        .note("a new name every time: prefix/thread/counter, looked up per use");
            }
        }
    }

    static void reused(Topology topo, Sizes sizes, Report report, String runId, int threads)
            throws InterruptedException {
        String scenario = "uncontended-reused-" + threads + "t";
        for (Function<String, LockDriver> make : drivers(topo, threads)) {
            try (LockDriver d = make.apply(runId + "-reused" + threads + "-")) {
                Measurement m = Load.run(scenario, threads, sizes.warmup(), sizes.measure(), sizes.maxOps(),
                        topo::memberOperations, (t, random) -> {
                            long start = System.nanoTime();
                            Object token = d.tryAcquire(t);
                            long acquired = System.nanoTime() - start;
                            if (token == null) {
                                throw new IllegalStateException("an uncontended lock was found taken");
                            }
                            d.release(t, token);
                            return acquired;
                        });
                fill(report.row(scenario, topo.kind.label, d.impl()), m).headline("ops_per_s")
                        .note("each thread its own name, the same one every time");
            }
        }
    }

    static void hot(Topology topo, Sizes sizes, Report report, String runId) throws InterruptedException {
        int threads = sizes.hotThreads();
        String scenario = "hot-lock-" + threads + "t";
        for (Function<String, LockDriver> make : drivers(topo, 1)) {
            try (LockDriver d = make.apply(runId + "-hot-")) {
                AtomicLong tickets = new AtomicLong();
                ConcurrentSkipListSet<Long> waiting = new ConcurrentSkipListSet<>();
                AtomicLong grants = new AtomicLong();
                AtomicLong overtakes = new AtomicLong();
                AtomicLong overtaken = new AtomicLong();
                Measurement m = Load.run(scenario, threads, sizes.warmup(), sizes.measure(), sizes.maxOps(),
                        topo::memberOperations, () -> {
                            grants.set(0);
                            overtakes.set(0);
                            overtaken.set(0);
                        }, (t, random) -> {
                            long ticket = tickets.incrementAndGet();
                            waiting.add(ticket);
                            long start = System.nanoTime();
                            Object token = d.acquire(0);
                            long acquired = System.nanoTime() - start;
                            if (token == null) {
                                waiting.remove(ticket);
                                throw new IllegalStateException("the hot lock's wait of " + LockDriver.WAIT + " ran out");
                            }
                            // Inside the lock: grants are serialised here.
                            int earlier = waiting.headSet(ticket).size();
                            waiting.remove(ticket);
                            grants.incrementAndGet();
                            if (earlier > 0) {
                                overtakes.incrementAndGet();
                                overtaken.addAndGet(earlier);
                            }
                            d.release(0, token);
                            return acquired;
                        });
                long g = Math.max(1, grants.get());
                Report.Row row = report.row(scenario, topo.kind.label, d.impl())
                        .put("handoffs_per_s", m.opsPerSecond())
                        .put("fairness_max_min", m.fairness())
                        .put("fifo_overtake_pct", 100.0 * overtakes.get() / g)
                        .put("fifo_overtaken_per_grant", (double) overtaken.get() / g);
                fill(row, m).headline("handoffs_per_s")
                        .note("fairness_max_min = most / fewest acquisitions of one thread; fifo_overtake_pct = "
                                + "grants made while an earlier-ticketed attempt still waited (a ticket is taken just "
                                + "before asking, so a few are scheduling noise; a barging lock shows most)");
                row.metrics.remove("ops_per_s");
            }
        }
    }

    static void spread(Topology topo, Sizes sizes, Report report, String runId) throws InterruptedException {
        int threads = sizes.spreadThreads();
        int keys = sizes.spreadKeys();
        String scenario = "spread-" + threads + "t-" + keys + "k";
        for (Function<String, LockDriver> make : drivers(topo, keys)) {
            try (LockDriver d = make.apply(runId + "-spread-")) {
                Measurement m = Load.run(scenario, threads, sizes.warmup(), sizes.measure(), sizes.maxOps(),
                        topo::memberOperations, (t, random) -> {
                            int key = random.nextInt(keys);
                            long start = System.nanoTime();
                            Object token = d.acquire(key);
                            long acquired = System.nanoTime() - start;
                            if (token == null) {
                                throw new IllegalStateException("a wait of " + LockDriver.WAIT + " ran out");
                            }
                            d.release(key, token);
                            return acquired;
                        });
                fill(report.row(scenario, topo.kind.label, d.impl()), m).headline("ops_per_s");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Function<String, LockDriver>[] drivers(Topology topo, int keys) {
        return new Function[] {
            (Function<String, LockDriver>) prefix -> LockDriver.leasehold(topo.driver, prefix, keys),
            (Function<String, LockDriver>) prefix -> LockDriver.imap(topo.driver, prefix, keys)
        };
    }

    static Report.Row fill(Report.Row row, Measurement m) {
        row.put("ops_per_s", m.opsPerSecond()).latency("acquire", m.latency());
        if (m.ops() > 0) {
            row.put("member_ops_per_op", (double) m.counterDelta() / m.ops());
        }
        row.put("ops", m.ops());
        if (m.errors() > 0) {
            row.put("errors", m.errors());
            row.note("first error: " + m.firstError());
        }
        return row;
    }
}
