package io.leasehold.perf;

import com.hazelcast.map.IMap;
import io.leasehold.Lease;
import io.leasehold.Leasehold;
import io.leasehold.Lessor;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.perf.Load.Measurement;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The four shapes of the comparison, exactly as issue 19 sets them, each as two {@link Side}s (A =
 * Leasehold, B = the plain-Hazelcast baseline) that stay open for the whole interleaving and run one
 * measured window at a time.
 */
final class Shapes {

    /** How long a waiter waits in the hot-lock and spread shapes. */
    static final Duration WAIT = Duration.ofSeconds(5);

    enum Shape {
        FRESH("fresh", "uncontended acquire + release, a fresh name each time, 1 thread", 1, "ops_per_s"),
        HOT("hot", "hot lock: 8 threads on one name, waiting up to 5 s", 8, "handoffs_per_s"),
        SPREAD("spread", "spread: 16 threads over 1,000 names, waiting up to 5 s", 16, "ops_per_s"),
        GRANT_REVOKE("grant-revoke", "grant + revoke pairs, 8 threads (baseline IMap.set(ttl) + delete)", 8,
                "pairs_per_s");

        static final int SPREAD_NAMES = 1_000;

        final String label;
        final String description;
        final int threads;
        final String headline;

        Shape(String label, String description, int threads, String headline) {
            this.label = label;
            this.description = description;
            this.threads = threads;
            this.headline = headline;
        }

        static Shape parse(String s) {
            for (Shape shape : values()) {
                if (shape.label.equalsIgnoreCase(s) || shape.name().equalsIgnoreCase(s)) {
                    return shape;
                }
            }
            throw new IllegalArgumentException("unknown shape '" + s + "' (fresh, hot, spread, grant-revoke)");
        }
    }

    /** One implementation of a shape, open across all its windows. */
    interface Side extends AutoCloseable {
        String impl();

        /** Runs one window: {@code warm} unmeasured, then {@code measure} measured. */
        Map<String, Double> window(Duration warm, Duration measure) throws InterruptedException;

        @Override
        void close();
    }

    private Shapes() {
    }

    /** {A, B}: Leasehold first, then its baseline, on the same members through the same instance. */
    static Side[] sides(Shape shape, Topology topo, String prefix) {
        return switch (shape) {
            case GRANT_REVOKE -> new Side[] {new LeaseholdLeases(topo), new MapLeases(topo, prefix + "imap-leases")};
            case HOT -> {
                // Both sides' hot lock under the same name, so in the same partition; on three members
                // one the driving member does not own, as two names in three are: where the partition
                // sits decides whether a handoff crosses the network, so it must not differ by side.
                String hot = hotPrefix(topo, prefix);
                yield new Side[] {
                    new LockSide(shape, topo, LockDriver.leasehold(topo.driver, hot, 1), prefix + "lh-"),
                    new LockSide(shape, topo, LockDriver.imap(topo.driver, hot, 1), prefix + "imap-")
                };
            }
            default -> {
                int keys = shape == Shape.SPREAD ? Shape.SPREAD_NAMES : 0;
                yield new Side[] {
                    new LockSide(shape, topo, LockDriver.leasehold(topo.driver, prefix + "lh-", keys), prefix + "lh-"),
                    new LockSide(shape, topo, LockDriver.imap(topo.driver, prefix + "imap-", keys), prefix + "imap-")
                };
            }
        };
    }

    /**
     * A prefix whose first name ({@code prefix + "0"}, the hot lock's) lives in a partition the
     * driving instance does not own when it is a member of a larger cluster; any prefix otherwise.
     */
    static String hotPrefix(Topology topo, String prefix) {
        if (topo.kind.client || topo.kind.members == 1) {
            return prefix + "hot-";
        }
        java.util.UUID self = topo.driver.getCluster().getLocalMember().getUuid();
        for (int i = 0; ; i++) {
            String candidate = prefix + "hot" + i + "-";
            var owner = topo.driver.getPartitionService().getPartition(candidate + "0").getOwner();
            if (owner != null && !owner.getUuid().equals(self)) {
                return candidate;
            }
        }
    }

    /** The lock shapes (fresh, hot, spread) on one {@link LockDriver}. */
    private static final class LockSide implements Side {
        private final Shape shape;
        private final Topology topo;
        private final LockDriver driver;
        private final String prefix;
        /** Per thread: the next fresh name's counter (fresh names are never reused across windows). */
        private final long[] next;

        LockSide(Shape shape, Topology topo, LockDriver driver, String prefix) {
            this.shape = shape;
            this.topo = topo;
            this.driver = driver;
            this.prefix = prefix;
            this.next = new long[shape.threads];
        }

        @Override
        public String impl() {
            return driver.impl();
        }

        @Override
        public Map<String, Double> window(Duration warm, Duration measure) throws InterruptedException {
            Leasehold instance = driver instanceof LockDriver.LeaseholdDriver l ? l.leasehold() : null;
            Tally tally = new Tally(topo, instance);
            AtomicLong timeouts = new AtomicLong();
            // FIFO (hot lock): a ticket is taken just before asking; a grant made while an earlier ticket
            // still waits overtook it.
            AtomicLong tickets = new AtomicLong();
            ConcurrentSkipListSet<Long> waiting = new ConcurrentSkipListSet<>();
            AtomicLong grants = new AtomicLong();
            AtomicLong overtakes = new AtomicLong();
            Runnable atStart = () -> {
                grants.set(0);
                overtakes.set(0);
                timeouts.set(0);
            };
            Measurement m = Load.run(shape.label + "-" + impl(), shape.threads, warm, measure, Long.MAX_VALUE,
                    tally::take, atStart, (t, random) -> switch (shape) {
                        case FRESH -> {
                            String name = prefix + t + "/" + (next[t]++);
                            long start = System.nanoTime();
                            Object token = driver.tryAcquire(name);
                            long acquired = System.nanoTime() - start;
                            if (token == null) {
                                throw new IllegalStateException("the fresh lock '" + name + "' was found taken");
                            }
                            driver.release(name, token);
                            yield acquired;
                        }
                        case HOT -> {
                            long ticket = tickets.incrementAndGet();
                            waiting.add(ticket);
                            long start = System.nanoTime();
                            Object token = driver.acquire(0, WAIT);
                            long acquired = System.nanoTime() - start;
                            if (token == null) {
                                waiting.remove(ticket);
                                timeouts.incrementAndGet();
                                throw new IllegalStateException("the hot lock's wait of " + WAIT + " ran out");
                            }
                            // Inside the lock: grants are serialised here.
                            boolean overtook = !waiting.headSet(ticket).isEmpty();
                            waiting.remove(ticket);
                            grants.incrementAndGet();
                            if (overtook) {
                                overtakes.incrementAndGet();
                            }
                            driver.release(0, token);
                            yield acquired;
                        }
                        default -> {
                            int key = random.nextInt(Shape.SPREAD_NAMES);
                            long start = System.nanoTime();
                            Object token = driver.acquire(key, WAIT);
                            long acquired = System.nanoTime() - start;
                            if (token == null) {
                                timeouts.incrementAndGet();
                                throw new IllegalStateException("a wait of " + WAIT + " ran out");
                            }
                            driver.release(key, token);
                            yield acquired;
                        }
                    });
            Map<String, Double> out = common(shape, m, tally, "acquire");
            out.put("timeouts", (double) timeouts.get());
            if (shape == Shape.HOT) {
                long g = Math.max(1, grants.get());
                out.put("fifo_overtake_pct", 100.0 * overtakes.get() / g);
                out.put("fairness_max_min", m.fairness());
            }
            if (shape != Shape.FRESH && instance != null) {
                handoffFigures(out, tally.delta(), m.ops(), shape == Shape.HOT);
            }
            return out;
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    /** Leasehold's grant + revoke. */
    private static final class LeaseholdLeases implements Side {
        private final Topology topo;
        private final Leasehold leasehold;
        private final Lessor lessor;

        LeaseholdLeases(Topology topo) {
            this.topo = topo;
            this.leasehold = HazelcastLeasehold.create(topo.driver);
            this.lessor = leasehold.lessor();
        }

        @Override
        public String impl() {
            return Report.LEASEHOLD;
        }

        @Override
        public Map<String, Double> window(Duration warm, Duration measure) throws InterruptedException {
            Tally tally = new Tally(topo, leasehold);
            Duration ttl = Duration.ofSeconds(10);
            Measurement m = Load.run("grant-revoke-leasehold", Shape.GRANT_REVOKE.threads, warm, measure,
                    Long.MAX_VALUE, tally::take, (t, random) -> {
                        long start = System.nanoTime();
                        Lease lease = lessor.grant(ttl);
                        lessor.revoke(lease.id());
                        return System.nanoTime() - start;
                    });
            return common(Shape.GRANT_REVOKE, m, tally, "pair");
        }

        @Override
        public void close() {
            leasehold.close();
        }
    }

    /** The baseline of grant + revoke: a hand-rolled lease, {@code IMap.set(id, v, ttl)} + {@code IMap.delete(id)}. */
    private static final class MapLeases implements Side {
        private final Topology topo;
        private final IMap<Long, Long> map;
        private final AtomicLong ids = new AtomicLong();

        MapLeases(Topology topo, String mapName) {
            this.topo = topo;
            this.map = topo.driver.getMap("perf." + mapName);
        }

        @Override
        public String impl() {
            return Report.IMAP_LEASE;
        }

        @Override
        public Map<String, Double> window(Duration warm, Duration measure) throws InterruptedException {
            Tally tally = new Tally(topo, null);
            Measurement m = Load.run("grant-revoke-imap", Shape.GRANT_REVOKE.threads, warm, measure, Long.MAX_VALUE,
                    tally::take, (t, random) -> {
                        long id = ids.incrementAndGet();
                        long start = System.nanoTime();
                        map.set(id, id, 10, TimeUnit.SECONDS);
                        map.delete(id);
                        return System.nanoTime() - start;
                    });
            return common(Shape.GRANT_REVOKE, m, tally, "pair");
        }

        @Override
        public void close() {
        }
    }

    /** Throughput, latency, and per-cycle counts every shape reports. */
    private static Map<String, Double> common(Shape shape, Measurement m, Tally tally, String latency) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put(shape.headline, m.opsPerSecond());
        out.put("cycles", (double) m.ops());
        out.put("seconds", m.seconds());
        out.put("errors", (double) m.errors());
        if (m.latency().getTotalCount() > 0) {
            out.put(latency + "_p50_us", m.latency().getValueAtPercentile(50) / 1e3);
            out.put(latency + "_p99_us", m.latency().getValueAtPercentile(99) / 1e3);
            out.put(latency + "_p999_us", m.latency().getValueAtPercentile(99.9) / 1e3);
            out.put(latency + "_max_us", m.latency().getMaxValue() / 1e3);
        }
        Map<String, Long> d = tally.delta();
        double cycles = Math.max(1, m.ops());
        perCycle(out, d, "member_ops", "member_ops_per_cycle", cycles);
        perCycle(out, d, "client_requests", "client_requests_per_cycle", cycles);
        perCycle(out, d, "context_switches", "wakeups_per_cycle", cycles);
        return out;
    }

    /**
     * Leasehold's handoffs, as the members count them, and what each cost in notices; with
     * {@code everyCycleAHandoff} (the hot lock) also the member operations and wake-ups of a whole
     * cycle per handoff, which mean nothing where few cycles hand over (spread).
     */
    private static void handoffFigures(Map<String, Double> out, Map<String, Long> d, long cycles,
                                       boolean everyCycleAHandoff) {
        long handoffs = d.getOrDefault("handoffs", -1L);
        if (handoffs <= 0) {
            out.put("handoffs", handoffs < 0 ? Double.NaN : 0.0);
            return;
        }
        double h = handoffs;
        out.put("handoffs", h);
        out.put("handoffs_per_cycle", h / Math.max(1, cycles));
        long writes = d.getOrDefault("notice_writes", -1L);
        long events = d.getOrDefault("notice_events", -1L);
        if (writes >= 0) {
            out.put("notice_writes_per_handoff", writes / h);
            out.put("direct_wakes_per_handoff", Math.max(0, handoffs - writes) / h);
        }
        if (events >= 0) {
            out.put("notice_events_per_handoff", events / h);
        }
        if (writes >= 0 && events >= 0) {
            // A notice is a write on the notice key's owner, then an event to the listening member
            // (and from it to a client): each is a message unless both ends are the same member.
            out.put("notice_messages_per_handoff", (writes + events) / h);
        }
        long heard = d.getOrDefault("acquired_after_waiting", -1L);
        if (heard >= 0) {
            out.put("waits_ended_by_handoff_per_handoff", heard / h);
        }
        if (everyCycleAHandoff) {
            perCycle(out, d, "member_ops", "member_ops_per_handoff", h);
            perCycle(out, d, "context_switches", "wakeups_per_handoff", h);
        }
    }

    private static void perCycle(Map<String, Double> out, Map<String, Long> d, String counter, String metric,
                                 double per) {
        Long v = d.get(counter);
        if (v != null && v >= 0) {
            out.put(metric, v / per);
        }
    }
}
