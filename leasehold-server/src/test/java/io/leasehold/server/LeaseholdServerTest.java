package io.leasehold.server;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.ClusterFormationException;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.hazelcast.internal.WireFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** The standalone member: flags, a properties file, a Hazelcast configuration file, and a cluster-size check. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LeaseholdServerTest {

    @Test
    void settingsComeFromAFileAndFlagsWin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("leasehold-server.properties");
        Files.writeString(file, "port=6100\nbackup-count=2\ncluster-name=from-file\nexpected-members=3\n");
        LeaseholdServer server = LeaseholdServer.parse("--config", file.toString(), "--port", "6200");
        assertEquals(6200, server.port);
        assertEquals(2, server.backupCount);
        assertEquals("from-file", server.clusterName);
        assertEquals(3, server.expectedMembers);
        Config config = server.config();
        assertEquals("3", config.getProperty(LeaseholdConfig.INITIAL_MIN_CLUSTER_SIZE));
        assertEquals(2, config.getSplitBrainProtectionConfig(LeaseholdConfig.SPLIT_BRAIN_PROTECTION).getMinimumClusterSize());
        assertEquals("127.0.0.1:6200", config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers().get(0));
        assertTrue(WireFilter.isApplied(config.getSerializationConfig().getJavaSerializationFilterConfig()),
                "the standalone member owns its cluster: it gets Leasehold's Java-serialization filter");
        assertEquals(2, LeaseholdServer.run("--backup-count", "0"), "a bad setting exits with 2 before starting");
        assertEquals(2, LeaseholdServer.run("--config", "/nonexistent/leasehold.properties"));
    }

    @Test
    void aHazelcastConfigFileGivesTheNetworkAndItsLeaseholdPropertiesTheSettings(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("hazelcast.yaml");
        String cluster = "leasehold-server-" + UUID.randomUUID();
        Files.writeString(yaml, Files.readString(Path.of(getClass().getResource("/server-member.yaml").toURI()))
                .replace("${leasehold.cluster}", cluster));
        LeaseholdServer server = LeaseholdServer.parse("--hazelcast-config", yaml.toString(), "--expected-members", "1");
        HazelcastInstance member = server.start();
        try (Leasehold leasehold = HazelcastLeasehold.create(member)) {
            assertEquals(cluster, member.getConfig().getClusterName());
            LockHandle held = leasehold.lock("served").tryLock().orElseThrow();
            assertTrue(held.fence() > 0);
            held.unlock();
            assertEquals("true", member.getConfig().getProperty(LeaseholdConfig.FAIL_ON_INDETERMINATE_STATE));
            assertTrue(WireFilter.isApplied(member.getConfig().getSerializationConfig().getJavaSerializationFilterConfig()),
                    "a member started from a Hazelcast file by the server gets Leasehold's filter too");
        } finally {
            member.getLifecycleService().terminate();
        }
    }

    @Test
    void flagsThatTheHazelcastFileOwnsAreRefused(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("hazelcast.yaml");
        Files.writeString(yaml, "hazelcast:\n  cluster-name: x\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        int code;
        System.setErr(new PrintStream(err, true));
        try {
            code = LeaseholdServer.run("--hazelcast-config", yaml.toString(), "--port", "5800");
        } finally {
            System.setErr(old);
        }
        assertEquals(2, code);
        assertTrue(err.toString().contains("--port cannot be combined with --hazelcast-config"), err.toString());
    }

    @Test
    void aClusterOfAnotherSizeThanExpectedIsRefusedAndTheMemberStops() throws Exception {
        String cluster = "leasehold-server-size-" + UUID.randomUUID();
        HazelcastInstance other = LeaseholdConfig.startLocalMember(cluster,
                MemberSettings.builder().minTtl(Duration.ofMillis(100)).build());
        try {
            LeaseholdServer server = LeaseholdServer.parse("--cluster-name", cluster, "--expected-members", "1",
                    "--formation-timeout-s", "2");
            ClusterFormationException e = assertThrows(ClusterFormationException.class, server::start);
            assertTrue(e.getMessage().contains("sees 2 members"), e.getMessage());
            assertTrue(e.getMessage().contains("same cluster name"), e.getMessage());
            assertEquals(1, LeaseholdConfig.awaitClusterSize(other, 1, Duration.ofSeconds(30)),
                    "the refused member did not stop");
        } finally {
            other.getLifecycleService().terminate();
        }
    }
}
