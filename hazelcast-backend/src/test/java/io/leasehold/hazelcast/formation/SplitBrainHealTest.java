package io.leasehold.hazelcast.formation;

import com.hazelcast.config.Config;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryMergedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.Maps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A real split-brain heal between members of one cluster name: a member that formed a cluster of
 * its own (its side of a split) merges into the two-member side with Leasehold's merge policies;
 * and a member on the minority side of majority protection refuses Leasehold calls.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SplitBrainHealTest {

    private static final int SIDE_A_PORT = 5740;
    private static final int SIDE_B_PORT = 5770;

    @Test
    void theSmallerSideMergesWithOneHolderPerLockAFenceAboveBothAndOnlyLiveLeases() {
        String name = "leasehold-heal-" + UUID.randomUUID();
        MemberSettings settings = MemberSettings.builder().minTtl(Duration.ofMillis(100)).build();
        List<HazelcastInstance> members = new ArrayList<>();
        try {
            // Side B first: it lists side A's ports, where nothing runs yet, so it forms a cluster of one.
            HazelcastInstance b = Hazelcast.newHazelcastInstance(config(name, SIDE_B_PORT,
                    List.of("127.0.0.1:" + SIDE_A_PORT, "127.0.0.1:" + (SIDE_A_PORT + 1)), settings));
            members.add(b);
            // Side A: two members that list only each other, so they never look for B.
            List<String> sideA = List.of("127.0.0.1:" + SIDE_A_PORT, "127.0.0.1:" + (SIDE_A_PORT + 1));
            HazelcastInstance a1 = Hazelcast.newHazelcastInstance(config(name, SIDE_A_PORT, sideA, settings));
            members.add(a1);
            HazelcastInstance a2 = Hazelcast.newHazelcastInstance(config(name, SIDE_A_PORT, sideA, settings));
            members.add(a2);
            assertEquals(2, LeaseholdConfig.awaitClusterSize(a1, 2, Duration.ofSeconds(30)));
            assertEquals(1, b.getCluster().getMembers().size());
            assertTrue(sideA.contains("127.0.0.1:" + a1.getCluster().getLocalMember().getAddress().getPort()),
                    "side A did not get its ports; is something else on 5740-5741?");

            // What each side did while apart.
            IMap<String, LockRecord> locksA = a1.getMap(Maps.LOCKS);
            IMap<String, LockRecord> locksB = b.getMap(Maps.LOCKS);
            locksA.set("same-fence", new LockRecord(5, 0xA1, 11, 1, 10_000, 100, 0, List.of()));
            locksB.set("same-fence", new LockRecord(5, 0xB1, 22, 2, 10_000, 100, 0, List.of()));
            locksA.set("granted-on-b", new LockRecord(3, 0, 0, 0, 0, 0, 0, List.of()));
            locksB.set("granted-on-b", new LockRecord(7, 0xB2, 33, 2, 10_000, 100, 0, List.of()));
            long far = System.currentTimeMillis() + 3_600_000;
            IMap<Long, LeaseRecord> leasesA = a1.getMap(Maps.LEASES);
            IMap<Long, LeaseRecord> leasesB = b.getMap(Maps.LEASES);
            leasesB.set(0x5A1L, new LeaseRecord(10_000, far, 2, Set.of()));
            leasesB.set(0xDEADL, new LeaseRecord(10_000, 1, 2, Set.of()));
            Set<Long> leaseEvents = ConcurrentHashMap.newKeySet();
            leasesA.addEntryListener(new LeaseEvents(leaseEvents), false);

            await().atMost(Duration.ofSeconds(90)).until(() -> a1.getCluster().getMembers().size() == 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> leaseEvents.contains(0x5A1L));

            LockRecord same = await().atMost(Duration.ofSeconds(30))
                    .until(() -> locksA.get("same-fence"), r -> r != null && r.fence() == 6);
            assertEquals(22, same.holderHold(), "one holder, the same on every member");
            LockRecord granted = await().atMost(Duration.ofSeconds(30))
                    .until(() -> locksA.get("granted-on-b"), r -> r != null && r.isHeld());
            assertEquals(33, granted.holderHold());
            assertEquals(7, granted.fence(), "the holder's fence is above the other side's");
            assertNotNull(leasesA.get(0x5A1L), "a live lease survives the heal");
            assertNull(leasesA.get(0xDEADL), "an expired lease does not come back");
            assertFalse(leaseEvents.contains(0xDEADL), "the expired lease was put back and removed later");
        } finally {
            members.forEach(m -> m.getLifecycleService().terminate());
        }
    }

    @Test
    void aMinoritySideRefusesLeaseholdCalls() {
        MemberSettings settings = MemberSettings.builder().minTtl(Duration.ofMillis(100)).splitBrainQuorum(2).build();
        HazelcastInstance alone = LeaseholdConfig.startLocalMember("leasehold-minority-" + UUID.randomUUID(), settings);
        try (Leasehold leasehold = HazelcastLeasehold.create(alone)) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> leasehold.lock("minority").tryLock());
            assertTrue(String.valueOf(e.getMessage()).toLowerCase().contains("split brain")
                            || String.valueOf(e.getCause()).toLowerCase().contains("splitbrain"),
                    String.valueOf(e));
        } catch (RuntimeException e) {
            // create() itself may refuse (its session lease is a call too): also a refusal
            assertTrue(String.valueOf(e).toLowerCase().contains("split"), String.valueOf(e));
        } finally {
            alone.getLifecycleService().terminate();
        }
    }

    private static Config config(String name, int port, List<String> peers, MemberSettings settings) {
        Config config = LeaseholdConfig.memberConfig(name, port, peers, settings);
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "1");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "1");
        return config;
    }

    private static final class LeaseEvents implements EntryAddedListener<Long, LeaseRecord>,
            EntryUpdatedListener<Long, LeaseRecord>, EntryMergedListener<Long, LeaseRecord> {
        private final Set<Long> keys;

        LeaseEvents(Set<Long> keys) {
            this.keys = keys;
        }

        @Override
        public void entryAdded(EntryEvent<Long, LeaseRecord> event) {
            keys.add(event.getKey());
        }

        @Override
        public void entryUpdated(EntryEvent<Long, LeaseRecord> event) {
            keys.add(event.getKey());
        }

        @Override
        public void entryMerged(EntryEvent<Long, LeaseRecord> event) {
            keys.add(event.getKey());
        }
    }
}
