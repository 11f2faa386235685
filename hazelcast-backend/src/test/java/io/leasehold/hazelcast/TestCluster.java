package io.leasehold.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Real members on loopback, started one after another, under a cluster name of their own. */
public final class TestCluster implements AutoCloseable {

    public final String name = "leasehold-test-" + UUID.randomUUID();
    public final List<HazelcastInstance> members = new ArrayList<>();
    private final MemberSettings settings;
    private static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(30);

    public TestCluster(int size) {
        this(size, testSettings());
    }

    /** An empty cluster: add members with {@link #addMember(MemberSettings)}. */
    public static TestCluster empty(MemberSettings settings) {
        return new TestCluster(0, settings);
    }

    public TestCluster(int size, MemberSettings settings) {
        this.settings = settings;
        try {
            for (int i = 0; i < size; i++) {
                addMember();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Members with a short minimum TTL and a short grace, so tests can use sub-second leases. */
    public static MemberSettings testSettings() {
        return testSettingsBuilder().build();
    }

    /** {@link #testSettings()} still open, for a test that adds a setting of its own. */
    public static MemberSettings.Builder testSettingsBuilder() {
        return MemberSettings.builder()
                .minTtl(Duration.ofMillis(100))
                .promotionGrace(Duration.ofMillis(500))
                .reconcileInterval(Duration.ofSeconds(1));
    }

    /** {@link #testSettings()} with Leasehold's Java-serialization filter, as on a member Leasehold owns. */
    public static MemberSettings filteredTestSettings() {
        return testSettingsBuilder().javaSerializationFilter(true).build();
    }

    /**
     * Starts one more member and checks that every member of this cluster now sees all of them: one
     * cluster of the expected size, never two parts (fails fast with the likely cause otherwise).
     */
    public HazelcastInstance addMember() {
        return addMember(settings);
    }

    /** Starts one more member with settings of its own (a clock of its own, say), checked as above. */
    public HazelcastInstance addMember(MemberSettings memberSettings) {
        HazelcastInstance member = LeaseholdConfig.startLocalMember(name, memberSettings);
        members.add(member);
        for (HazelcastInstance m : members) {
            LeaseholdConfig.awaitClusterSize(m, members.size(), FORMATION_TIMEOUT);
        }
        return member;
    }

    /** A client connected to every member of this cluster. */
    public HazelcastInstance newClient() {
        String[] addresses = members.stream()
                .map(m -> "127.0.0.1:" + m.getCluster().getLocalMember().getAddress().getPort())
                .toArray(String[]::new);
        return HazelcastClient.newHazelcastClient(LeaseholdConfig.localClientConfig(name, addresses));
    }

    /** The member owning the partition of {@code key} (a lock name or a lease id). */
    public HazelcastInstance ownerOf(Object key) {
        UUID owner = first().getPartitionService().getPartition(key).getOwner().getUuid();
        return members.stream().filter(m -> m.getCluster().getLocalMember().getUuid().equals(owner))
                .findFirst().orElseThrow();
    }

    /** The member holding the first backup of the partition of {@code key}. */
    public HazelcastInstance backupOf(Object key) {
        HazelcastInstance any = first();
        int partitionId = any.getPartitionService().getPartition(key).getPartitionId();
        UUID backup = ((HazelcastInstanceProxy) any).getOriginal().node.getPartitionService()
                .getPartition(partitionId).getReplica(1).uuid();
        return members.stream().filter(m -> m.getCluster().getLocalMember().getUuid().equals(backup))
                .findFirst().orElseThrow();
    }

    /** Terminates a member as a crash would (no graceful migration). */
    public void kill(HazelcastInstance member) {
        members.remove(member);
        member.getLifecycleService().terminate();
    }

    public HazelcastInstance first() {
        return members.get(0);
    }

    public HazelcastInstance last() {
        return members.get(members.size() - 1);
    }

    @Override
    public void close() {
        for (HazelcastInstance member : members) {
            try {
                member.getLifecycleService().terminate();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        members.clear();
    }
}
