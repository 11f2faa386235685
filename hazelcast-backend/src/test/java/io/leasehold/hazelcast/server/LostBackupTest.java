package io.leasehold.hazelcast.server;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import io.leasehold.Leasehold;
import io.leasehold.LeaseholdUnavailableException;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.TestCluster;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.Maps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 12: a lost backup, then a crash of the primary. Three members, each behind a relay; the link
 * between a lock's primary and its backup is cut (the members stay in the cluster: failure detection
 * is set far above the test's length), a client takes the lock, the backup never hears of it, and
 * the primary is terminated. The promoted backup must not hand out a fence at or below the one the
 * primary issued, and the client must never have been told it holds a lock the crash took back.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LostBackupTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LostBackupTest.class);

    private static final int OUTBOUND_BASE = 32_000;
    private static final long BACKUP_TIMEOUT_MILLIS = 1_000;

    @Test
    void aFenceIssuedByAPrimaryWhoseBackupNeverHeardOfItIsNotIssuedAgainAfterItsCrash() throws Exception {
        String cluster = "leasehold-lost-backup-" + UUID.randomUUID();
        Set<MemberRelay.Range> ranges = MemberRelay.outboundRanges(OUTBOUND_BASE, 3);
        List<MemberRelay> relays = new ArrayList<>();
        List<HazelcastInstance> members = new ArrayList<>();
        List<HazelcastInstance> clients = new ArrayList<>();
        try {
            int[] memberPorts = new int[4];
            for (int i = 1; i <= 3; i++) {
                memberPorts[i] = MemberRelay.freePort();
                relays.add(new MemberRelay(0, memberPorts[i], ranges));
            }
            List<String> peers = relays.stream().map(r -> "127.0.0.1:" + r.port()).toList();
            for (int i = 1; i <= 3; i++) {
                members.add(Hazelcast.newHazelcastInstance(memberConfig(cluster, i, memberPorts[i],
                        relays.get(i - 1).port(), peers)));
            }
            for (HazelcastInstance m : members) {
                LeaseholdConfig.awaitClusterSize(m, 3, Duration.ofSeconds(60));
            }
            // The first member is the master; the lock lives on the other two, primary and backup.
            int primary = 2;
            int backup = 3;
            String name = lockOn(members, primary, backup);

            var clientConfig = LeaseholdConfig.localClientConfig(cluster, peers.toArray(String[]::new));
            clientConfig.setProperty("hazelcast.client.operation.backup.timeout.millis",
                    String.valueOf(BACKUP_TIMEOUT_MILLIS));
            HazelcastInstance firstClient = HazelcastClient.newHazelcastClient(clientConfig);
            HazelcastInstance secondClient = HazelcastClient.newHazelcastClient(clientConfig);
            clients.add(firstClient);
            clients.add(secondClient);
            try (Leasehold first = HazelcastLeasehold.create(firstClient);
                 Leasehold second = HazelcastLeasehold.create(secondClient)) {
                // Both sessions exist before the cut (their grants need their own backups).
                LockHandle warmUp = first.lock(name).tryLock().orElseThrow();
                long firstFence = warmUp.fence();
                warmUp.unlockAndWait();
                second.lock("warm-" + name).tryLock().orElseThrow().unlock();

                relays.get(backup - 1).cut(primary);
                relays.get(primary - 1).cut(backup);

                // The primary grants; its backup never acknowledges. The caller must not be told it holds
                // the lock: a crash of the primary would take that back.
                Optional<LockHandle> during = Optional.empty();
                LeaseholdUnavailableException refused = null;
                try {
                    during = first.lock(name).tryLock();
                } catch (LeaseholdUnavailableException e) {
                    refused = e;
                }
                assertTrue(during.isEmpty(), "a grant whose backup never acknowledged was reported as held");
                assertNotNull(refused, "the grant's outcome was unknown, and the caller must hear so");

                LockRecord onPrimary = members.get(primary - 1).<String, LockRecord>getMap(Maps.LOCKS).get(name);
                assertNotNull(onPrimary, "the primary applied the grant");
                long issued = onPrimary.fence();
                assertTrue(issued > firstFence, "the primary issued a new fence: " + issued + " <= " + firstFence);

                HazelcastInstance doomed = members.remove(primary - 1);
                doomed.getLifecycleService().terminate();
                for (HazelcastInstance m : members) {
                    LeaseholdConfig.awaitClusterSize(m, 2, Duration.ofSeconds(60));
                }
                LockRecord promoted = members.get(0).<String, LockRecord>getMap(Maps.LOCKS).get(name);
                // The scenario happened: the promoted replica never heard of the fence the primary issued.
                assertTrue(promoted == null || promoted.fence() < issued,
                        "the backup had the lost grant after all: " + promoted + " (issued " + issued + ")");

                LockHandle next = second.lock(name).tryLock(Duration.ofSeconds(30)).orElseThrow();
                LOG.info("lost backup: fence before the cut {}, issued by the primary alone {}, promoted replica {},"
                        + " next fence {}", firstFence, issued,
                        promoted == null ? "removed" : String.valueOf(promoted.fence()), next.fence());
                assertTrue(next.fence() > issued, "the promoted backup handed out fence " + next.fence()
                        + ", not above " + issued + " issued by the crashed primary");
                next.unlock();
                await().atMost(Duration.ofSeconds(30)).until(() -> second.lock(name).holder().isEmpty());
            }
        } finally {
            clients.forEach(HazelcastInstance::shutdown);
            members.forEach(m -> m.getLifecycleService().terminate());
            for (MemberRelay r : relays) {
                r.close();
            }
        }
    }

    /**
     * Member {@code i}: reached by the others only through its relay, its own connections leaving from
     * its outbound range, backups unacknowledged after 1 s, and a failure detection far longer than
     * the test, so a cut link stays a lost backup and never becomes a membership change.
     */
    private static Config memberConfig(String cluster, int i, int port, int publicPort, List<String> peers) {
        Config config = LeaseholdConfig.memberConfig(cluster, port, peers, TestCluster.testSettings());
        config.getNetworkConfig().setPortAutoIncrement(false).setPublicAddress("127.0.0.1:" + publicPort);
        MemberRelay.Range r = MemberRelay.outbound(OUTBOUND_BASE, i);
        config.getNetworkConfig().addOutboundPortDefinition(r.first() + "-" + r.last());
        config.setProperty("hazelcast.socket.client.bind", "true");
        config.setProperty("hazelcast.operation.backup.timeout.millis", String.valueOf(BACKUP_TIMEOUT_MILLIS));
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "600");
        return config;
    }

    /** A lock name whose partition has member {@code primary} as owner and {@code backup} as first backup. */
    private static String lockOn(List<HazelcastInstance> members, int primary, int backup) {
        HazelcastInstance any = members.get(0);
        UUID wantedOwner = members.get(primary - 1).getCluster().getLocalMember().getUuid();
        UUID wantedBackup = members.get(backup - 1).getCluster().getLocalMember().getUuid();
        for (int n = 0; n < 100_000; n++) {
            String name = "lost-backup-" + n;
            int partitionId = any.getPartitionService().getPartition(name).getPartitionId();
            var partition = ((HazelcastInstanceProxy) any).getOriginal().node.getPartitionService().getPartition(partitionId);
            if (partition.getReplica(0).uuid().equals(wantedOwner) && partition.getReplica(1).uuid().equals(wantedBackup)) {
                return name;
            }
        }
        throw new IllegalStateException("no partition is owned by member " + primary + " with its backup on " + backup);
    }
}
