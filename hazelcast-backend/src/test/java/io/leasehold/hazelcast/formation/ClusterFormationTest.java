package io.leasehold.hazelcast.formation;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.ClusterFormationException;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Members find each other on every port they may bind, and a wrong cluster size is refused clearly. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterFormationTest {

    @Test
    void localMembersListEveryPortOfTheirRangeAsPeers() {
        Config config = LeaseholdConfig.localMemberConfig("peers-" + UUID.randomUUID(), MemberSettings.defaults());
        List<String> peers = config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers();
        assertEquals(LeaseholdConfig.PORT_COUNT, peers.size(), peers.toString());
        assertEquals("127.0.0.1:5701", peers.get(0));
        assertEquals("127.0.0.1:5720", peers.get(peers.size() - 1));
        assertEquals(LeaseholdConfig.PORT_COUNT, config.getNetworkConfig().getPortCount());

        Config explicit = LeaseholdConfig.memberConfig("peers", 6000, List.of("127.0.0.1:6001", "10.0.0.7"),
                MemberSettings.defaults());
        List<String> listed = explicit.getNetworkConfig().getJoin().getTcpIpConfig().getMembers();
        assertEquals("127.0.0.1:6001", listed.get(0));
        assertEquals("10.0.0.7:6000", listed.get(1));
        assertEquals("10.0.0.7:6019", listed.get(listed.size() - 1));
    }

    @Test
    void detectionIsShorterThanTheDefaultSessionTtlAndIndeterminateCallsFail() {
        Config config = LeaseholdConfig.localMemberConfig("hb-" + UUID.randomUUID(), MemberSettings.defaults());
        assertEquals("1", config.getProperty("hazelcast.heartbeat.interval.seconds"));
        assertEquals("5", config.getProperty("hazelcast.max.no.heartbeat.seconds"));
        assertEquals("true", config.getProperty(LeaseholdConfig.FAIL_ON_INDETERMINATE_STATE));
        assertTrue(5_000 + MemberSettings.defaults().promotionGrace().toMillis() < 10_000,
                "detection + grace must stay below the default 10 s session TTL");

        Config mine = new Config();
        mine.setProperty(LeaseholdConfig.FAIL_ON_INDETERMINATE_STATE, "false");
        LeaseholdConfig.apply(mine);
        assertEquals("false", mine.getProperty(LeaseholdConfig.FAIL_ON_INDETERMINATE_STATE), "the user's choice stays");
        assertEquals("true", LeaseholdConfig.apply(new Config()).getProperty(LeaseholdConfig.FAIL_ON_INDETERMINATE_STATE));

        // A smart client waits for backup acknowledgements itself: its own switch must be on too.
        assertEquals("true", LeaseholdConfig.localClientConfig("hb").getProperty(LeaseholdConfig.CLIENT_FAIL_ON_INDETERMINATE_STATE));
        ClientConfig client = new ClientConfig();
        client.setProperty(LeaseholdConfig.CLIENT_FAIL_ON_INDETERMINATE_STATE, "false");
        assertEquals("false", LeaseholdConfig.apply(client).getProperty(LeaseholdConfig.CLIENT_FAIL_ON_INDETERMINATE_STATE),
                "the user's choice stays");

        // A client's call in flight when its backup member dies waits this long (not Hazelcast's 5 s) before its retry.
        assertEquals("2000", LeaseholdConfig.localClientConfig("hb").getProperty(LeaseholdConfig.CLIENT_BACKUP_TIMEOUT));
        ClientConfig slow = new ClientConfig();
        slow.setProperty(LeaseholdConfig.CLIENT_BACKUP_TIMEOUT, "7000");
        assertEquals("7000", LeaseholdConfig.apply(slow).getProperty(LeaseholdConfig.CLIENT_BACKUP_TIMEOUT),
                "the user's choice stays");
    }

    @Test
    void expectedMembersSetsTheInitialMinimumSizeAndMajorityProtection() {
        Config three = LeaseholdConfig.apply(new Config(), MemberSettings.builder().expectedMembers(3).build());
        assertEquals("3", three.getProperty(LeaseholdConfig.INITIAL_MIN_CLUSTER_SIZE));
        assertEquals(2, three.getSplitBrainProtectionConfig(LeaseholdConfig.SPLIT_BRAIN_PROTECTION).getMinimumClusterSize());
        assertEquals(LeaseholdConfig.SPLIT_BRAIN_PROTECTION, three.getMapConfig("leasehold.locks").getSplitBrainProtectionName());

        Config five = LeaseholdConfig.apply(new Config(), MemberSettings.builder().expectedMembers(5).build());
        assertEquals(3, five.getSplitBrainProtectionConfig(LeaseholdConfig.SPLIT_BRAIN_PROTECTION).getMinimumClusterSize());

        Config off = LeaseholdConfig.apply(new Config(),
                MemberSettings.builder().expectedMembers(3).splitBrainProtection(false).build());
        assertNull(off.getMapConfig("leasehold.locks").getSplitBrainProtectionName());
        assertTrue(off.getSplitBrainProtectionConfigs().isEmpty());

        Config two = LeaseholdConfig.apply(new Config(), MemberSettings.builder().expectedMembers(2).build());
        assertNull(two.getMapConfig("leasehold.locks").getSplitBrainProtectionName(), "no majority of 2 survives a split");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MemberSettings.builder().expectedMembers(3).splitBrainQuorum(4).build());
        assertTrue(e.getMessage().contains("above expectedMembers"), e.getMessage());
    }

    @Test
    void aMemberAloneIsRefusedWithTheLikelyCause() {
        HazelcastInstance alone = LeaseholdConfig.startLocalMember("alone-" + UUID.randomUUID(), TestCluster.testSettings());
        try {
            assertEquals(1, LeaseholdConfig.awaitClusterSize(alone, 1, Duration.ofSeconds(5)));
            ClusterFormationException e = assertThrows(ClusterFormationException.class,
                    () -> LeaseholdConfig.awaitClusterSize(alone, 3, Duration.ofMillis(200)));
            assertTrue(e.getMessage().contains("sees 1 member"), e.getMessage());
            assertTrue(e.getMessage().contains("expected 3"), e.getMessage());
            assertTrue(e.getMessage().contains("another process holds some of the ports 5701-5720"), e.getMessage());
            assertTrue(e.getMessage().contains("different cluster names"), e.getMessage());
            assertTrue(e.getMessage().contains("firewall"), e.getMessage());
        } finally {
            alone.getLifecycleService().terminate();
        }
    }

    /**
     * The failure: another process holds 5701-5703, members bind 5704+ and must still find
     * each other (before, each probed only 5701-5703 and formed a cluster of one).
     */
    @Test
    void whileAnotherProcessHoldsTheFirstPortsThreeMembersStillFormOneCluster() throws Exception {
        List<ServerSocket> squatters = new ArrayList<>();
        List<Socket> accepted = new ArrayList<>();
        try {
            for (int port = 5701; port <= 5703; port++) {
                try {
                    ServerSocket s = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"));
                    squatters.add(s);
                    Thread t = new Thread(() -> acceptAndIgnore(s, accepted), "squatter-" + port);
                    t.setDaemon(true);
                    t.start();
                } catch (IOException alreadyHeld) {
                    // someone else holds it already: held either way
                }
            }
            try (TestCluster cluster = new TestCluster(3)) {
                for (HazelcastInstance m : cluster.members) {
                    assertEquals(3, m.getCluster().getMembers().size());
                    assertTrue(m.getCluster().getLocalMember().getAddress().getPort() >= 5704,
                            "a member bound a held port");
                }
                HazelcastInstance client = cluster.newClient();
                try (Leasehold leasehold = HazelcastLeasehold.create(client)) {
                    LockHandle held = leasehold.lock("formed").tryLock().orElseThrow();
                    for (HazelcastInstance m : cluster.members) {
                        try (Leasehold onMember = HazelcastLeasehold.create(m)) {
                            assertTrue(onMember.lock("formed").tryLock().isEmpty(),
                                    "a member that does not see the holder is in another cluster");
                        }
                    }
                    held.unlock();
                } finally {
                    client.shutdown();
                }
            }
        } finally {
            for (ServerSocket s : squatters) {
                s.close();
            }
            synchronized (accepted) {
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    /** What a process that is not a Hazelcast member does with a member's probe: reads a little, answers nothing, closes. */
    private static void acceptAndIgnore(ServerSocket server, List<Socket> accepted) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(200);
                try {
                    s.getInputStream().read(new byte[64]);
                } catch (IOException ignored) {
                    // nothing sent in time: close anyway
                }
            } catch (IOException closed) {
                return;
            }
        }
    }
}
