package io.leasehold.perf;

import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * Runs the chosen scenarios on the chosen topologies, one topology at a time (members started,
 * every scenario run, members stopped), and fills a {@link Report}.
 */
final class Bench {

    enum Scenario {
        FRESH("fresh"), REUSED("reused"), HOT("hot"), SPREAD("spread"), GRANT_REVOKE("grant-revoke"),
        STATE("state"), DEAD_CLIENT("dead-client"), KEEPALIVE("keepalive"), EXPIRY("expiry");

        final String label;

        Scenario(String label) {
            this.label = label;
        }

        /** One name, or a group: {@code uncontended} = fresh + reused; {@code churn} = grant-revoke. */
        static Set<Scenario> parse(String s) {
            if (s.equalsIgnoreCase("uncontended")) {
                return EnumSet.of(FRESH, REUSED);
            }
            if (s.equalsIgnoreCase("churn")) {
                return EnumSet.of(GRANT_REVOKE);
            }
            for (Scenario sc : values()) {
                if (sc.label.equalsIgnoreCase(s) || sc.name().equalsIgnoreCase(s)) {
                    return EnumSet.of(sc);
                }
            }
            throw new IllegalArgumentException("unknown scenario '" + s + "' (fresh, reused, uncontended, hot, spread, "
                    + "grant-revoke, state, dead-client, keepalive, expiry)");
        }
    }

    private Bench() {
    }

    /** Where rows are printed as they are measured. */
    private static PrintStream progress = System.out;

    static Report run(Sizes sizes, List<Topology.Kind> topologies, Set<Scenario> scenarios, PrintStream log)
            throws Exception {
        return run(sizes, topologies, scenarios, log, new Report());
    }

    /** As above, into a report whose options (CPU hog, label) the caller has already filled. */
    static Report run(Sizes sizes, List<Topology.Kind> topologies, Set<Scenario> scenarios, PrintStream log,
                      Report report) throws Exception {
        progress = log;
        Runtime rt = Runtime.getRuntime();
        report.machine.put("cpus", String.valueOf(rt.availableProcessors()));
        report.machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        report.machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        report.machine.put("fork_join_common_parallelism",
                String.valueOf(java.util.concurrent.ForkJoinPool.getCommonPoolParallelism()));
        report.machine.put("max_heap_mb", String.valueOf(rt.maxMemory() >> 20));
        report.options.put("profile", sizes.profile());
        report.options.put("warmup_ms", String.valueOf(sizes.warmup().toMillis()));
        report.options.put("jit_warmup_ms_per_implementation", String.valueOf(jitWarmup(sizes).toMillis()));
        report.options.put("measure_ms", String.valueOf(sizes.measure().toMillis()));
        report.options.put("topologies", String.join(",", topologies.stream().map(k -> k.label).toList()));
        report.options.put("scenarios", String.join(",", scenarios.stream().map(s -> s.label).toList()));
        String runId = UUID.randomUUID().toString().substring(0, 8);
        report.options.put("run_id", runId);
        long started = System.nanoTime();
        for (Topology.Kind kind : topologies) {
            long t0 = System.nanoTime();
            log.printf(Locale.ROOT, "[%5.1fs] %s: starting %d member(s)%s%n", secs(started), kind.label, kind.members,
                    kind.client ? " and a client" : "");
            try (Topology topo = Topology.start(kind, runId)) {
                Duration jit = jitWarmup(sizes);
                if (!jit.isZero() && scenarios.stream().anyMatch(s -> s != Scenario.EXPIRY && s != Scenario.KEEPALIVE)) {
                    step(log, started, kind, "warming both implementations up (JIT), " + jit.toSeconds() + " s each");
                    LockScenarios.warmBoth(topo, jit, runId);
                }
                if (scenarios.contains(Scenario.FRESH)) {
                    step(log, started, kind, "uncontended, fresh name, 1 thread");
                    guard(report, kind, "uncontended-fresh-1t", () -> LockScenarios.fresh(topo, sizes, report, runId, 1));
                    int t = sizes.freshThreads();
                    step(log, started, kind, "uncontended, fresh name, " + t + " threads");
                    guard(report, kind, "uncontended-fresh-" + t + "t", () -> LockScenarios.fresh(topo, sizes, report, runId, t));
                }
                if (scenarios.contains(Scenario.REUSED)) {
                    step(log, started, kind, "uncontended, reused name, 1 thread");
                    guard(report, kind, "uncontended-reused-1t", () -> LockScenarios.reused(topo, sizes, report, runId, 1));
                }
                if (scenarios.contains(Scenario.HOT)) {
                    step(log, started, kind, "hot lock");
                    guard(report, kind, "hot-lock", () -> LockScenarios.hot(topo, sizes, report, runId));
                }
                if (scenarios.contains(Scenario.SPREAD)) {
                    step(log, started, kind, "spread");
                    guard(report, kind, "spread", () -> LockScenarios.spread(topo, sizes, report, runId));
                }
                if (scenarios.contains(Scenario.GRANT_REVOKE)) {
                    step(log, started, kind, "grant + revoke");
                    guard(report, kind, "grant-revoke", () -> LeaseScenarios.grantRevoke(topo, sizes, report, runId));
                }
                if (scenarios.contains(Scenario.STATE)) {
                    step(log, started, kind, "state after " + sizes.stateCycles() + " distinct names");
                    guard(report, kind, "state", () -> StateScenario.run(topo, sizes, report, runId));
                }
                if (scenarios.contains(Scenario.DEAD_CLIENT)) {
                    step(log, started, kind, "dead client");
                    guard(report, kind, "dead-client", () -> DeadClientScenario.run(topo, sizes, report, runId));
                }
                if (scenarios.contains(Scenario.KEEPALIVE)) {
                    step(log, started, kind, "keep-alive of " + sizes.keepAliveLeasesOn(kind) + " leases");
                    guard(report, kind, "keepalive", () -> LeaseScenarios.keepAlive(topo, sizes, report));
                }
                // Last: it moves the members' clock forward.
                if (scenarios.contains(Scenario.EXPIRY)) {
                    step(log, started, kind, "expiry: steady lag, then " + sizes.expiryLeasesOn(kind) + " leases with locks at once");
                    guard(report, kind, "expiry", () -> ExpiryScenario.run(topo, sizes, report, runId));
                }
            }
            log.printf(Locale.ROOT, "[%5.1fs] %s: done in %.1f s%n", secs(started), kind.label, secs(t0));
        }
        report.options.put("elapsed_s", String.format(Locale.ROOT, "%.1f", secs(started)));
        Targets.evaluate(report);
        return report;
    }

    /** Unmeasured time per implementation and topology for the JIT, before the first figure. */
    static Duration jitWarmup(Sizes sizes) {
        return switch (sizes.profile()) {
            case "tiny" -> Duration.ZERO;
            case "quick" -> Duration.ofSeconds(3);
            default -> Duration.ofSeconds(5);
        };
    }

    /** A scenario that may throw. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    /** Runs one scenario; a failure is recorded in the report and the run goes on. */
    private static void guard(Report report, Topology.Kind kind, String scenario, Step step) throws InterruptedException {
        int before = report.rows.size();
        try {
            step.run();
            for (int i = before; i < report.rows.size(); i++) {
                report.printRow(progress, report.rows.get(i));
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception | AssertionError e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            report.notes.add(scenario + " on " + kind.label + " FAILED: " + cause);
            report.failures.add(scenario + " / " + kind.label + ": " + cause);
        }
    }

    static Set<Scenario> all() {
        return EnumSet.allOf(Scenario.class);
    }

    private static void step(PrintStream log, long started, Topology.Kind kind, String what) {
        log.printf(Locale.ROOT, "[%5.1fs] %s: %s%n", secs(started), kind.label, what);
    }

    private static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
