package io.leasehold.perf;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The benchmark tool.
 *
 * <pre>
 *   java -jar perf/target/leasehold-perf.jar --quick --json perf.json --svg perf.svg   # about 2 minutes
 *   java -jar perf/target/leasehold-perf.jar --quick --cpu-hog 1 --json hog.json        # with one core busy
 *   java -jar perf/target/leasehold-perf.jar --json perf.json --svg perf.svg           # the full profile
 *   java -jar perf/target/leasehold-perf.jar summarize run1.json run2.json run3.json    # median and spread
 *   java -jar perf/target/leasehold-perf.jar compare --json compare.json                # interleaved windows, verdicts
 *   java -jar perf/target/leasehold-perf.jar persistence                                # persistence off, H2, PostgreSQL
 * </pre>
 */
@Command(name = "leasehold-perf", mixinStandardHelpOptions = true, subcommands = {CompareCommand.class, Summary.class, Summary.ChartCommand.class, ProfileCommand.class,
        PersistenceCommand.class},
        description = "Leasehold's lock and lease benchmarks, side by side with Hazelcast's IMap.lock.")
public final class PerfMain implements Callable<Integer> {

    @Option(names = "--quick", description = "Smaller, shorter runs: under 2 minutes on 2 cores.")
    boolean quick;

    @Option(names = "--tiny", description = "A few hundred operations per run: proves the harness works.")
    boolean tiny;

    @Option(names = "--json", paramLabel = "FILE", description = "Write every figure, and its ratio to IMap.lock, as JSON.")
    Path json;

    @Option(names = "--svg", paramLabel = "FILE",
            description = "Write a chart as SVG: throughput ratios to IMap.lock, targets, latency percentiles.")
    Path svg;

    @Option(names = "--cpu-hog", paramLabel = "N", defaultValue = "0",
            description = "Run N busy-loop threads in a separate process during the whole run (default 0).")
    int cpuHog;

    @Option(names = "--label", paramLabel = "TEXT", description = "A label for this run, kept in the JSON and chart.")
    String label;

    @Option(names = "--state-names", paramLabel = "N", description = "Distinct names one session locks in the state run.")
    Integer stateNames;

    @Option(names = "--topologies", split = ",", paramLabel = "LIST",
            description = "embedded-1, embedded-3, client-3 (default: all).")
    List<String> topologies = new ArrayList<>(List.of("embedded-1", "embedded-3", "client-3"));

    @Option(names = "--scenarios", split = ",", paramLabel = "LIST",
            description = "fresh, reused (or uncontended for both), hot, spread, grant-revoke, state, dead-client, "
                    + "keepalive, expiry (default: all).")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--async-parallelism", paramLabel = "N",
            description = "Sets java.util.concurrent.ForkJoinPool.common.parallelism before Hazelcast starts. "
                    + "Hazelcast runs future callbacks on the common pool, or on a new thread per callback when "
                    + "its parallelism is 1 (the default on 2 cores).")
    Integer asyncParallelism;

    @Option(names = "--cpu-profile", paramLabel = "FILE",
            description = "Samples the CPU of the whole run with async-profiler and writes collapsed stacks to FILE.")
    java.nio.file.Path cpuProfile;

    @Option(names = "--expiry-leases", paramLabel = "N",
            description = "Leases, each holding a lock, in the expiry-at-scale run (a tenth on one member above 100,000).")
    Integer expiryLeases;

    @Option(names = "--keepalive-leases", paramLabel = "N",
            description = "Leases kept alive through the client (a twentieth on embedded topologies when above 10,000).")
    Integer keepAliveLeases;

    public static void main(String[] args) {
        System.exit(new CommandLine(new PerfMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (asyncParallelism != null) {
            System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", String.valueOf(asyncParallelism));
        }
        Sizes sizes = tiny ? Sizes.tiny() : quick ? Sizes.quick() : Sizes.full();
        if (expiryLeases != null) {
            sizes = sizes.withExpiryLeases(expiryLeases);
        }
        if (keepAliveLeases != null) {
            sizes = sizes.withKeepAliveLeases(keepAliveLeases);
        }
        if (stateNames != null) {
            sizes = sizes.withStateCycles(stateNames);
        }
        List<Topology.Kind> kinds = topologies.stream().map(Topology.Kind::parse).toList();
        Set<Bench.Scenario> chosen = scenarios.isEmpty() ? Bench.all() : EnumSet.noneOf(Bench.Scenario.class);
        scenarios.forEach(s -> chosen.addAll(Bench.Scenario.parse(s)));
        Report report = new Report();
        report.options.put("label", label == null ? "" : label);
        report.options.put("cpu_hog", cpuHog > 0 ? cpuHog + " busy thread(s), separate process" : "none");
        CpuHog hog = null;
        if (cpuHog > 0) {
            hog = CpuHog.start(cpuHog);
            System.out.printf(Locale.ROOT, "CPU hog: %d busy thread(s) in process %d%n", cpuHog, hog.pid());
        }
        one.profiler.AsyncProfiler profiler = null;
        if (cpuProfile != null) {
            profiler = one.profiler.AsyncProfilerLoader.load();
            profiler.execute("start,event=itimer,interval=1ms");
        }
        try {
            Bench.run(sizes, kinds, chosen, System.out, report);
        } finally {
            if (hog != null) {
                hog.close();
            }
            if (profiler != null) {
                profiler.stop();
                java.nio.file.Files.writeString(cpuProfile, profiler.dumpCollapsed(one.profiler.Counter.SAMPLES));
                System.out.println("CPU profile (collapsed stacks) written to " + cpuProfile);
            }
        }
        report.printTable(System.out);
        if (json != null) {
            report.writeJson(json);
            System.out.println("JSON written to " + json);
        }
        if (svg != null) {
            report.writeSvg(svg);
            System.out.println("SVG written to " + svg);
        }
        return 0;
    }
}
