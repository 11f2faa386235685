package io.leasehold.perf;

import io.leasehold.perf.Load.Measurement;

import java.util.function.Function;

/**
 * Scenarios 1 to 3: the same load on Leasehold's lock and on {@code IMap.lock}, one after the other,
 * on the same members.
 *
 * <ul>
 *   <li>uncontended: each thread locks and unlocks its own key, never waiting (Leasehold
 *       {@code tryLock()}, IMap {@code tryLock()});</li>
 *   <li>hot: every thread locks and unlocks one key, waiting for it (Leasehold
 *       {@code tryLock(wait)}, IMap {@code tryLock(wait)}): each acquire is a handoff;</li>
 *   <li>spread: 16 threads lock random keys out of 1,000, waiting when a key is taken.</li>
 * </ul>
 * The latency recorded is the acquire's; the rate counts acquire + release pairs.
 */
final class LockScenarios {

    private LockScenarios() {
    }

    static void uncontended(Topology topo, Sizes sizes, Report report, String runId, int threads)
            throws InterruptedException {
        String scenario = "uncontended-" + threads + "t";
        for (Function<String, LockDriver> make : drivers(topo, threads)) {
            try (LockDriver d = make.apply(runId + "-uc" + threads + "-")) {
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
                fill(report.row(scenario, topo.kind.label, d.impl()), m).headline("ops_per_s");
            }
        }
    }

    static void hot(Topology topo, Sizes sizes, Report report, String runId) throws InterruptedException {
        int threads = sizes.hotThreads();
        String scenario = "hot-lock-" + threads + "t";
        for (Function<String, LockDriver> make : drivers(topo, 1)) {
            try (LockDriver d = make.apply(runId + "-hot-")) {
                Measurement m = Load.run(scenario, threads, sizes.warmup(), sizes.measure(), sizes.maxOps(),
                        topo::memberOperations, (t, random) -> {
                            long start = System.nanoTime();
                            Object token = d.acquire(0);
                            long acquired = System.nanoTime() - start;
                            if (token == null) {
                                throw new IllegalStateException("the hot lock's wait of " + LockDriver.WAIT + " ran out");
                            }
                            d.release(0, token);
                            return acquired;
                        });
                Report.Row row = report.row(scenario, topo.kind.label, d.impl())
                        .put("handoffs_per_s", m.opsPerSecond())
                        .put("fairness_max_min", m.fairness());
                fill(row, m).headline("handoffs_per_s");
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
