package io.leasehold.perf;

import io.leasehold.perf.Shapes.Shape;
import io.leasehold.perf.Shapes.Side;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code compare}: the comparison that decides. Each shape of issue 19 runs as measured windows,
 * Leasehold (A) and its baseline (B) interleaved A, B, A, B… on the same members through the same
 * instance, at least five windows each, idle and with one core busy; reported as median and range,
 * the ratio's range taken over the adjacent A/B pairs, and every target judged met, missed or
 * undecided (the range crosses it).
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Leasehold vs IMap.lock (and IMap.set + delete) in interleaved windows: median, range, verdicts.")
final class CompareCommand implements Callable<Integer> {

    static final int MIN_WINDOWS = 5;
    static final Duration MIN_WINDOW = Duration.ofSeconds(5);

    @Option(names = "--quick", description = "A smoke test: 1 s windows, 1 s JIT warm-up, small expiry fixtures. Decides nothing.")
    boolean quick;

    @Option(names = "--windows", paramLabel = "N", defaultValue = "5",
            description = "Measured windows per implementation and shape (at least 5; default 5).")
    int windows;

    @Option(names = "--window-seconds", paramLabel = "S",
            description = "Length of a measured window (at least 5; default 5, 1 with --quick).")
    Integer windowSeconds;

    @Option(names = "--window-warmup-ms", paramLabel = "MS",
            description = "Unmeasured time at the start of each window, threads up to speed (default 1000, 300 with --quick).")
    Integer windowWarmupMillis;

    @Option(names = "--jit-warmup-seconds", paramLabel = "S",
            description = "Unmeasured fresh-name and hot-lock load per implementation before a topology's first window "
                    + "(default 5, 1 with --quick).")
    Integer jitWarmupSeconds;

    @Option(names = "--topologies", split = ",", paramLabel = "LIST", description = "embedded-1, embedded-3, client-3 (default: all).")
    List<String> topologies = new ArrayList<>(List.of("embedded-1", "embedded-3", "client-3"));

    @Option(names = "--shapes", split = ",", paramLabel = "LIST", description = "fresh, hot, spread, grant-revoke (default: all).")
    List<String> shapes = new ArrayList<>(List.of("fresh", "hot", "spread", "grant-revoke"));

    @Option(names = "--load", split = ",", paramLabel = "LIST",
            description = "idle, busy (one core busy: see --cpu-hog); default both.")
    List<String> load = new ArrayList<>(List.of("idle", "busy"));

    @Option(names = "--cpu-hog", paramLabel = "N", defaultValue = "1",
            description = "Busy-loop threads, in a separate process, during the busy windows (default 1).")
    int cpuHog;

    @Option(names = "--expiry", description = "Also run, last on each topology, the lease-end lag at a steady 1,000/s "
            + "and the leases-with-locks-due-at-once run (1,000,000 leases; 5,000 with --quick). Long: not by default.")
    boolean expiry;

    @Option(names = "--expiry-leases", paramLabel = "N", description = "Leases, each holding a lock, in the at-once run.")
    Integer expiryLeases;

    @Option(names = "--json", paramLabel = "FILE", description = "Every window, the comparisons and the verdicts, as JSON.")
    Path json;

    @Option(names = "--label", paramLabel = "TEXT", description = "A label for this run, kept in the JSON.")
    String label;

    @Override
    public Integer call() throws Exception {
        Settings settings;
        try {
            settings = settings();
        } catch (IllegalArgumentException e) {
            System.err.println("compare: " + e.getMessage());
            return 2;
        }
        Comparison comparison = new Comparison();
        Map<String, String> machine = machine();
        comparison.options.put("label", label == null ? "" : label);
        comparison.options.putAll(settings.describe());
        run(settings, comparison, System.out);
        comparison.print(System.out);
        if (json != null) {
            comparison.writeJson(json, machine);
            System.out.println("JSON written to " + json);
        }
        return comparison.failures.isEmpty() ? 0 : 1;
    }

    /** What a run does, checked: the windows, the topologies, shapes and load conditions, the expiry run. */
    record Settings(int windows, Duration window, Duration windowWarmup, Duration jitWarmup, List<Topology.Kind> topologies,
                    List<Shape> shapes, List<String> conditions, int cpuHog, Sizes expirySizes) {

        Map<String, String> describe() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("windows", String.valueOf(windows));
            m.put("window_ms", String.valueOf(window.toMillis()));
            m.put("window_warmup_ms", String.valueOf(windowWarmup.toMillis()));
            m.put("jit_warmup_ms_per_implementation", String.valueOf(jitWarmup.toMillis()));
            m.put("topologies", String.join(",", topologies.stream().map(k -> k.label).toList()));
            m.put("shapes", String.join(",", shapes.stream().map(s -> s.label).toList()));
            m.put("conditions", String.join(",", conditions));
            m.put("cpu_hog_threads_when_busy", String.valueOf(cpuHog));
            m.put("order", "A (leasehold), B (baseline), A, B, ... on the same members");
            m.put("expiry", expirySizes == null ? "not run" : expirySizes.expiryLeases() + " leases at once; "
                    + expirySizes.lagLeases() + " at " + expirySizes.lagRatePerSecond() + "/s");
            return m;
        }
    }

    Settings settings() {
        if (windows < MIN_WINDOWS) {
            throw new IllegalArgumentException("--windows " + windows + ": at least " + MIN_WINDOWS
                    + " windows per implementation are needed for a median and a range that mean something");
        }
        int seconds = windowSeconds != null ? windowSeconds : quick ? 1 : (int) MIN_WINDOW.toSeconds();
        if (!quick && seconds < MIN_WINDOW.toSeconds()) {
            throw new IllegalArgumentException("--window-seconds " + seconds + ": a window shorter than "
                    + MIN_WINDOW.toSeconds() + " s decides nothing; use --quick for a smoke test");
        }
        if (seconds < 1) {
            throw new IllegalArgumentException("--window-seconds " + seconds + ": must be at least 1");
        }
        List<String> conditions = new ArrayList<>();
        for (String l : load) {
            switch (l.toLowerCase(Locale.ROOT)) {
                case "idle" -> conditions.add(Comparison.IDLE);
                case "busy" -> conditions.add(Comparison.BUSY);
                default -> throw new IllegalArgumentException("--load " + l + ": idle or busy");
            }
        }
        if (conditions.contains(Comparison.BUSY) && cpuHog < 1) {
            throw new IllegalArgumentException("--cpu-hog " + cpuHog + ": the busy windows need at least one busy thread");
        }
        Sizes sizes = null;
        if (expiry) {
            sizes = quick ? Sizes.quick() : Sizes.full();
            if (expiryLeases != null) {
                sizes = sizes.withExpiryLeases(expiryLeases);
            }
        }
        return new Settings(windows, Duration.ofSeconds(seconds),
                Duration.ofMillis(windowWarmupMillis != null ? windowWarmupMillis : quick ? 300 : 1_000),
                Duration.ofSeconds(jitWarmupSeconds != null ? jitWarmupSeconds : quick ? 1 : 5),
                topologies.stream().map(Topology.Kind::parse).toList(), shapes.stream().map(Shape::parse).toList(),
                conditions, cpuHog, sizes);
    }

    /** Runs every topology: each condition's shapes in interleaved windows, then (if asked) the expiry runs. */
    static void run(Settings s, Comparison comparison, PrintStream log) throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        long started = System.nanoTime();
        for (Topology.Kind kind : s.topologies()) {
            log.printf(Locale.ROOT, "[%6.1fs] %s: starting %d member(s)%s%n", secs(started), kind.label, kind.members,
                    kind.client ? " and a client" : "");
            try (Topology topo = Topology.start(kind, runId)) {
                if (!s.jitWarmup().isZero()) {
                    log.printf(Locale.ROOT, "[%6.1fs] %s: JIT warm-up, %d s per implementation%n", secs(started),
                            kind.label, s.jitWarmup().toSeconds());
                    LockScenarios.warmBoth(topo, s.jitWarmup(), runId);
                }
                for (String condition : s.conditions()) {
                    CpuHog hog = condition.equals(Comparison.BUSY) ? CpuHog.start(s.cpuHog()) : null;
                    try {
                        for (Shape shape : s.shapes()) {
                            try {
                                interleave(s, topo, condition, shape, runId, comparison, log, started);
                            } catch (InterruptedException e) {
                                throw e;
                            } catch (Exception | AssertionError e) {
                                comparison.failures.add(shape.label + " / " + kind.label + " / " + condition + ": " + e);
                                log.println("FAILED: " + shape.label + " / " + kind.label + " / " + condition + ": " + e);
                            }
                        }
                    } finally {
                        if (hog != null) {
                            hog.close();
                        }
                    }
                }
                // Last: it moves the members' clock forward.
                if (s.expirySizes() != null) {
                    log.printf(Locale.ROOT, "[%6.1fs] %s: expiry: steady lag, then %d leases with locks at once%n",
                            secs(started), kind.label, s.expirySizes().expiryLeasesOn(kind));
                    int before = comparison.expiry.rows.size();
                    try {
                        ExpiryScenario.run(topo, s.expirySizes(), comparison.expiry, runId);
                    } catch (InterruptedException e) {
                        throw e;
                    } catch (Exception | AssertionError e) {
                        comparison.failures.add("expiry / " + kind.label + ": " + e);
                    }
                    for (int i = before; i < comparison.expiry.rows.size(); i++) {
                        comparison.expiry.printRow(log, comparison.expiry.rows.get(i));
                    }
                }
            }
        }
        comparison.options.put("elapsed_s", String.format(Locale.ROOT, "%.1f", secs(started)));
    }

    /** One shape on one topology under one condition: windows A, B, A, B… on the same members. */
    private static void interleave(Settings s, Topology topo, String condition, Shape shape, String runId,
                                   Comparison comparison, PrintStream log, long started) throws InterruptedException {
        String prefix = runId + "-" + shape.label + "-" + (condition.equals(Comparison.IDLE) ? "idle" : "busy") + "-";
        Side[] sides = Shapes.sides(shape, topo, prefix);
        try {
            for (int pair = 1; pair <= s.windows(); pair++) {
                for (Side side : sides) {
                    Map<String, Double> m = side.window(s.windowWarmup(), s.window());
                    comparison.add(new Comparison.Window(topo.kind.label, condition, shape, side.impl(), pair, m));
                    log.printf(Locale.ROOT, "[%6.1fs] %s / %s / %s, window %d of %d, %-16s %s %s%s%n", secs(started),
                            topo.kind.label, condition, shape.label, pair, s.windows(), side.impl(),
                            Report.fmt(m.get(shape.headline)), Report.unit(shape.headline),
                            m.getOrDefault("errors", 0.0) > 0 ? " (" + Report.fmt(m.get("errors")) + " errors)" : "");
                }
            }
        } finally {
            for (Side side : sides) {
                side.close();
            }
        }
    }

    static Map<String, String> machine() {
        Runtime rt = Runtime.getRuntime();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cpus", String.valueOf(rt.availableProcessors()));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("max_heap_mb", String.valueOf(rt.maxMemory() >> 20));
        return m;
    }

    private static double secs(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
