package io.leasehold.perf;

import io.leasehold.Lease;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import com.hazelcast.map.IMap;
import one.profiler.AsyncProfiler;
import one.profiler.AsyncProfilerLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU profile of one shape, Leasehold and {@code IMap} each on its own, with async-profiler (loaded
 * from its Maven Central jar). Each implementation runs the same loop on the same members for the
 * same time while the profiler samples CPU time of every thread; the output is the CPU spent per
 * cycle, split into where it went (our entry processors and client, Hazelcast's invocation and
 * network plumbing, serialization, thread wake-ups, GC), and the collapsed stacks for a flame graph.
 */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "CPU profile of one shape, Leasehold then IMap, per cycle and by category.")
final class ProfileCommand implements Callable<Integer> {

    @Option(names = "--shape", defaultValue = "fresh",
            description = "fresh (lock a new name, 1 thread), hot (8 threads, one name, waiting), grant-revoke (8 threads).")
    String shape;

    @Option(names = "--topology", defaultValue = "embedded-1", description = "embedded-1, embedded-3 or client-3.")
    String topology;

    @Option(names = "--seconds", defaultValue = "8", description = "Measured seconds per implementation.")
    int seconds;

    @Option(names = "--out", defaultValue = "perf/results/profiles", description = "Directory for the collapsed stacks.")
    Path out;

    /** The compiler threads: warm-up, not the work; shown, and left out of the total. */
    private static final String JIT = "jit compiler (not in total)";

    /** Categories, first match wins, on any frame of a sample's stack (outermost call last). */
    private static final Map<String, List<String>> CATEGORIES = new LinkedHashMap<>();

    static {
        CATEGORIES.put(JIT, List.of("CompileBroker", "C2Compiler", "C1Compiler"));
        CATEGORIES.put("gc", List.of("G1", "GCTaskThread", "GangWorker", "VM_Thread"));
        CATEGORIES.put("network i/o", List.of("NioThread", "NioOutboundPipeline", "NioInboundPipeline", "SocketChannelImpl"));
        CATEGORIES.put("leasehold sweep (idle records)", List.of("LockBook.sweep", "RemoveIdle.process"));
        CATEGORIES.put("leasehold lease ends", List.of("LeasesEndedOperation", "LeaseEnds."));
        CATEGORIES.put("leasehold lock index and books", List.of("LockBook.lockChanged", "LockIndex"));
        CATEGORIES.put("record (de)serialization", List.of("LockRecord.writeData", "LockRecord.readData",
                "LeaseRecord.writeData", "LeaseRecord.readData", "AbstractSerializationService.toObject",
                "AbstractSerializationService.toData", "AbstractSerializationService.toBytes"));
        CATEGORIES.put("leasehold decisions (processors)", List.of("io/leasehold/hazelcast/internal/protocol",
                "io/leasehold/hazelcast/internal/core"));
        CATEGORIES.put("hazelcast entry/lock operations", List.of("EntryOperation", "EntryOperator", "LockOperation",
                "UnlockOperation", "LockStoreImpl", "PutOperation", "DeleteOperation", "SetOperation"));
        CATEGORIES.put("event delivery (listeners)", List.of("EventServiceImpl", "MapEventPublisher",
                "QueryEventFilter", "EventProcessor", "ClientListener"));
        CATEGORIES.put("backup", List.of("Backup", "backup"));
        CATEGORIES.put("invocation and response plumbing", List.of("Invocation", "InboundResponseHandler",
                "OutboundResponseHandler", "AbstractInvocationFuture", "ClientInvocation", "OperationRunnerImpl"));
        CATEGORIES.put("thread wake-up and parking", List.of("LockSupport", "futex", "pthread_cond", "Unsafe_Park",
                "Unsafe_Unpark"));
        CATEGORIES.put("leasehold client", List.of("io/leasehold/hazelcast/internal", "io/leasehold/Leasehold"));
    }

    @Override
    public Integer call() throws Exception {
        Topology.Kind kind = Topology.Kind.parse(topology);
        Files.createDirectories(out);
        AsyncProfiler profiler = AsyncProfilerLoader.load();
        String runId = "profile-" + UUID.randomUUID().toString().substring(0, 8);
        System.out.printf("profile %s on %s, %d s per implementation%n", shape, kind.label, seconds);
        try (Topology topo = Topology.start(kind, runId)) {
            Map<String, Result> results = new LinkedHashMap<>();
            for (String impl : List.of("leasehold", "imap")) {
                run(topo, impl, Math.max(2, seconds / 2), null);   // both warmed up first: the JIT, not profiled
            }
            for (String impl : List.of("leasehold", "imap")) {
                Path file = out.resolve(shape + "-" + kind.label + "-" + impl + ".collapsed");
                results.put(impl, run(topo, impl, seconds, profiler));
                Files.writeString(file, profiler.dumpCollapsed(one.profiler.Counter.SAMPLES));
                results.get(impl).categories.putAll(categorize(file));
                System.out.printf("  %s: %,d cycles in %d s, stacks in %s%n", impl, results.get(impl).cycles, seconds, file);
            }
            print(results);
        }
        return 0;
    }

    record Result(long cycles, Map<String, Long> categories) {
    }

    /** Runs the shape; with a profiler, samples exactly the measured loop (not the instance's start or close). */
    private Result run(Topology topo, String impl, int runSeconds, AsyncProfiler profiler) throws Exception {
        AtomicLong cycles = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(runSeconds);
        String prefix = "p-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        int threads = shape.equals("fresh") ? 1 : 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (Leasehold leasehold = impl.equals("leasehold") ? HazelcastLeasehold.create(topo.driver) : null) {
            IMap<String, String> map = topo.driver.getMap(LockDriver.IMAP_LOCKS);
            IMap<Long, String> leases = topo.driver.getMap("perf.profile-leases");
            if (profiler != null) {
                profiler.execute("start,event=itimer,interval=1ms");
            }
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    long i = 0;
                    while (System.nanoTime() - end < 0) {
                        String name = switch (shape) {
                            case "fresh" -> prefix + thread + "/" + (i++);
                            default -> prefix + "hot";
                        };
                        switch (shape) {
                            case "fresh" -> {
                                if (leasehold != null) {
                                    leasehold.lock(name).tryLock().ifPresent(LockHandle::unlock);
                                } else if (map.tryLock(name)) {
                                    map.unlock(name);
                                }
                            }
                            case "hot" -> {
                                if (leasehold != null) {
                                    leasehold.lock(name).tryLock(Duration.ofSeconds(30)).ifPresent(LockHandle::unlock);
                                } else if (map.tryLock(name, 30, TimeUnit.SECONDS)) {
                                    map.unlock(name);
                                }
                            }
                            case "grant-revoke" -> {
                                if (leasehold != null) {
                                    Lease lease = leasehold.lessor().grant(Duration.ofSeconds(10));
                                    leasehold.lessor().revoke(lease.id());
                                } else {
                                    long id = (((long) thread) << 40) | (i++);
                                    leases.set(id, "lease", 10, TimeUnit.SECONDS);
                                    leases.delete(id);
                                }
                            }
                            default -> throw new IllegalArgumentException("unknown shape " + shape);
                        }
                        cycles.incrementAndGet();
                    }
                    return null;
                }));
            }
            try {
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                if (profiler != null) {
                    profiler.stop();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new Result(cycles.get(), new LinkedHashMap<>());
    }

    /** Samples (1 ms of CPU each) per category, from a collapsed-stacks file. */
    static Map<String, Long> categorize(Path collapsed) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        CATEGORIES.keySet().forEach(k -> counts.put(k, 0L));
        counts.put("other", 0L);
        for (String line : Files.readAllLines(collapsed)) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long n = Long.parseLong(line.substring(space + 1).trim());
            String stack = line.substring(0, space);
            String category = "other";
            for (Map.Entry<String, List<String>> c : CATEGORIES.entrySet()) {
                if (c.getValue().stream().anyMatch(stack::contains)) {
                    category = c.getKey();
                    break;
                }
            }
            counts.merge(category, n, Long::sum);
        }
        return counts;
    }

    private void print(Map<String, Result> results) {
        Result l = results.get("leasehold");
        Result i = results.get("imap");
        System.out.println();
        System.out.printf(Locale.ROOT, "%-36s %14s %14s%n", "CPU per cycle (µs)", "leasehold", "imap");
        for (String category : l.categories.keySet()) {
            double a = 1000.0 * l.categories.get(category) / Math.max(1, l.cycles);
            double b = 1000.0 * i.categories.getOrDefault(category, 0L) / Math.max(1, i.cycles);
            if (a >= 0.05 || b >= 0.05) {
                System.out.printf(Locale.ROOT, "%-36s %14.1f %14.1f%n", category, a, b);
            }
        }
        double totalL = 1000.0 * (l.categories.values().stream().mapToLong(Long::longValue).sum()
                - l.categories.getOrDefault(JIT, 0L)) / Math.max(1, l.cycles);
        double totalI = 1000.0 * (i.categories.values().stream().mapToLong(Long::longValue).sum()
                - i.categories.getOrDefault(JIT, 0L)) / Math.max(1, i.cycles);
        System.out.printf(Locale.ROOT, "%-36s %14.1f %14.1f%n", "total", totalL, totalI);
        System.out.printf(Locale.ROOT, "%-36s %,14d %,14d%n", "cycles per second",
                l.cycles / Math.max(1, seconds), i.cycles / Math.max(1, seconds));
    }
}
