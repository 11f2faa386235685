package io.leasehold.perf;

import io.leasehold.hazelcast.MemberTime;
import com.hazelcast.client.impl.clientside.HazelcastClientProxy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.MemberSettings;

import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One of the three topologies the benchmarks run on: members embedded in this JVM (one or three,
 * all on loopback), and the instance the load is driven from: the first member, or a client to the
 * three members. Leasehold and {@code IMap.lock} run on the same members, so they are compared on
 * the same cluster.
 *
 * <p>The members decide with a clock of ours (wall clock plus an offset the expiry scenario moves
 * forward), so a million leases can be made due at one instant without waiting out their TTL.
 */
final class Topology implements AutoCloseable {

    enum Kind {
        EMBEDDED_1("embedded-1", 1, false),
        EMBEDDED_3("embedded-3", 3, false),
        CLIENT_3("client-3", 3, true);

        final String label;
        final int members;
        final boolean client;

        Kind(String label, int members, boolean client) {
            this.label = label;
            this.members = members;
            this.client = client;
        }

        static Kind parse(String label) {
            for (Kind k : values()) {
                if (k.label.equalsIgnoreCase(label) || k.name().equalsIgnoreCase(label)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown topology '" + label + "' (embedded-1, embedded-3, client-3)");
        }
    }

    final Kind kind;
    final String clusterName;
    final List<HazelcastInstance> members = new ArrayList<>();
    private final List<HazelcastInstance> clients = new ArrayList<>();
    /** Milliseconds added to the wall clock by the members' clock. */
    private final AtomicLong clockOffset = new AtomicLong();
    /** The instance the benchmark drives its load from. */
    final HazelcastInstance driver;

    private Topology(Kind kind, String clusterName) {
        this.kind = kind;
        this.clusterName = clusterName;
        MemberSettings settings = MemberSettings.builder()
                .time(MemberTime.shiftedBy(clockOffset::get))
                .build();
        try {
            for (int i = 0; i < kind.members; i++) {
                members.add(LeaseholdConfig.startLocalMember(clusterName, settings));
            }
            // One cluster of all the members, never parts of it: refuse (with the likely cause) otherwise.
            for (HazelcastInstance m : members) {
                LeaseholdConfig.awaitClusterSize(m, kind.members, Duration.ofSeconds(60));
            }
            waitUntil(() -> members.get(0).getPartitionService().isClusterSafe(), 60_000, "the cluster to be safe");
            System.out.printf("%s: cluster formed, %d members on 127.0.0.1 ports %s%n", kind.label,
                    members.get(0).getCluster().getMembers().size(),
                    members.stream().map(m -> String.valueOf(m.getCluster().getLocalMember().getAddress().getPort())).toList());
            driver = kind.client ? newClient() : members.get(0);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static Topology start(Kind kind, String runId) {
        return new Topology(kind, "leasehold-perf-" + runId + "-" + kind.label);
    }

    /** The members' clock: the one lease deadlines are set and checked with. */
    long memberClock() {
        return System.currentTimeMillis() + clockOffset.get();
    }

    /** Moves the members' clock forward. */
    void advanceClock(long millis) {
        clockOffset.addAndGet(millis);
    }

    /** A new client to this topology's members (by their actual addresses). */
    HazelcastInstance newClient() {
        List<String> addresses = new ArrayList<>();
        for (HazelcastInstance m : members) {
            InetSocketAddress a = m.getCluster().getLocalMember().getSocketAddress();
            addresses.add("127.0.0.1:" + a.getPort());
        }
        HazelcastInstance client = LeaseholdConfig.startLocalClient(clusterName, addresses.toArray(String[]::new));
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    /** Operations executed by all members so far (primaries, backups, partition fan-outs, system work). */
    long memberOperations() {
        long total = 0;
        for (HazelcastInstance m : members) {
            if (m.getLifecycleService().isRunning() && m instanceof HazelcastInstanceProxy proxy) {
                total += proxy.getOriginal().node.getNodeEngine().getOperationService().getExecutedOperationCount();
            }
        }
        return total;
    }

    /** A map's entries and entry memory cost, summed over every running member. */
    record MapFootprint(long ownedEntries, long backupEntries, long ownedCost, long backupCost) {
    }

    /** {@link com.hazelcast.map.LocalMapStats} of a map on every member, summed (primaries and backups). */
    MapFootprint mapFootprint(String map) {
        long oe = 0;
        long be = 0;
        long oc = 0;
        long bc = 0;
        for (HazelcastInstance m : members) {
            if (m.getLifecycleService().isRunning()) {
                var stats = m.getMap(map).getLocalMapStats();
                oe += stats.getOwnedEntryCount();
                be += stats.getBackupEntryCount();
                oc += stats.getOwnedEntryMemoryCost();
                bc += stats.getBackupEntryMemoryCost();
            }
        }
        return new MapFootprint(oe, be, oc, bc);
    }

    /**
     * Invocations a client has started (each is one request on the wire), or -1 if it cannot be
     * read. Hazelcast keeps it as a private probe; read by reflection.
     */
    static long clientInvocations(HazelcastInstance client) {
        if (!(client instanceof HazelcastClientProxy proxy)) {
            return -1;
        }
        try {
            Object service = proxy.client.getInvocationService();
            Method started = service.getClass().getDeclaredMethod("startedInvocations");
            started.setAccessible(true);
            return (Long) started.invoke(service);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        synchronized (clients) {
            for (HazelcastInstance c : clients) {
                try {
                    c.getLifecycleService().terminate();
                } catch (RuntimeException ignored) {
                    // already gone
                }
            }
            clients.clear();
        }
        // Terminate, not shut down: a graceful shutdown would migrate a million leases first.
        for (HazelcastInstance m : members) {
            try {
                m.getLifecycleService().terminate();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }

    /** Polls {@code condition} every few milliseconds until it holds or {@code timeoutMillis} passes. */
    static void waitUntil(java.util.function.BooleanSupplier condition, long timeoutMillis, String what) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("timed out after " + timeoutMillis + " ms waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }
}
