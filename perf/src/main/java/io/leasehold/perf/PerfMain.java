package io.leasehold.perf;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The benchmark tool.
 *
 * <pre>
 *   java -jar perf/target/leasehold-perf.jar --quick --json perf.json --svg perf.svg   # under 2 minutes
 *   java -jar perf/target/leasehold-perf.jar --json perf.json --svg perf.svg           # about 10 minutes
 *   java -jar perf/target/leasehold-perf.jar jmh [--quick]                             # the JMH micro-benchmarks
 * </pre>
 */
@Command(name = "leasehold-perf", mixinStandardHelpOptions = true, subcommands = PerfMain.Jmh.class,
        description = "Leasehold's lock and lease benchmarks, side by side with Hazelcast's IMap.lock.")
public final class PerfMain implements Callable<Integer> {

    @Option(names = "--quick", description = "Smaller, shorter runs: under 2 minutes on 2 cores.")
    boolean quick;

    @Option(names = "--tiny", description = "A few hundred operations per run: proves the harness works.")
    boolean tiny;

    @Option(names = "--json", paramLabel = "FILE", description = "Write every figure, and its ratio to IMap.lock, as JSON.")
    Path json;

    @Option(names = "--svg", paramLabel = "FILE", description = "Write a chart of the latency percentiles as SVG.")
    Path svg;

    @Option(names = "--topologies", split = ",", paramLabel = "LIST",
            description = "embedded-1, embedded-3, client-3 (default: all).")
    List<String> topologies = new ArrayList<>(List.of("embedded-1", "embedded-3", "client-3"));

    @Option(names = "--scenarios", split = ",", paramLabel = "LIST",
            description = "uncontended, hot, spread, churn, keepalive, dead-client, expiry (default: all).")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--async-parallelism", paramLabel = "N",
            description = "Sets java.util.concurrent.ForkJoinPool.common.parallelism before Hazelcast starts. "
                    + "Hazelcast runs future callbacks on the common pool, or on a new thread per callback when "
                    + "its parallelism is 1 (the default on 2 cores).")
    Integer asyncParallelism;

    @Option(names = "--expiry-leases", paramLabel = "N", description = "Leases in the expiry-at-scale run.")
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
        if (expiryLeases != null || keepAliveLeases != null) {
            Sizes s = sizes;
            sizes = new Sizes(s.profile(), s.warmup(), s.measure(), s.uncontendedThreads(), s.hotThreads(),
                    s.spreadThreads(), s.spreadKeys(), s.churnThreads(),
                    keepAliveLeases != null ? keepAliveLeases : s.keepAliveLeases(), s.keepAliveTtl(),
                    s.keepAliveWindow(), expiryLeases != null ? expiryLeases : s.expiryLeases(), s.lagLeases(),
                    s.lagRatePerSecond(), s.lagTtl(), s.deadClientTrials(), s.deadClientTtl(), s.maxOps());
        }
        List<Topology.Kind> kinds = topologies.stream().map(Topology.Kind::parse).toList();
        Set<Bench.Scenario> chosen = scenarios.isEmpty() ? Bench.all() : EnumSet.noneOf(Bench.Scenario.class);
        scenarios.forEach(s -> chosen.add(Bench.Scenario.parse(s)));
        Report report = Bench.run(sizes, kinds, chosen, System.out);
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

    /** Runs the JMH micro-benchmarks in this jar. */
    @Command(name = "jmh", mixinStandardHelpOptions = true,
            description = "JMH micro-benchmarks: expiry heap, lock/lease decisions, entry processor serialization.")
    static final class Jmh implements Callable<Integer> {

        @Option(names = "--quick", description = "1 fork, 1 warm-up and 2 measured iterations of 1 s each.")
        boolean quick;

        @Option(names = "--include", paramLabel = "REGEX", description = "Benchmarks to run (default: all).")
        String include = "io\\.leasehold\\..*";

        @Option(names = "--json", paramLabel = "FILE", description = "Write JMH's JSON result to FILE.")
        Path json;

        @Override
        public Integer call() throws Exception {
            ChainedOptionsBuilder options = new OptionsBuilder().include(include).shouldFailOnError(true);
            if (quick) {
                options.forks(1).warmupIterations(1).measurementIterations(2)
                        .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1));
            } else {
                options.forks(1).warmupIterations(3).measurementIterations(5)
                        .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(2));
            }
            if (json != null) {
                options.resultFormat(org.openjdk.jmh.results.format.ResultFormatType.JSON).result(json.toString());
            }
            new Runner(options.build()).run();
            return 0;
        }
    }
}
