package io.leasehold.server;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.ClusterFormationException;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.MemberSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
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
        assertTrue(LeaseholdConfig.hasWireFilter(config),
                "the standalone member owns its cluster: it gets Leasehold's Java-serialization filter");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true));
        try {
            assertEquals(2, LeaseholdServer.run("--backup-count", "0"), "a bad setting exits with 2 before starting");
            assertEquals(2, LeaseholdServer.run("--config", "/nonexistent/leasehold.properties"));
        } finally {
            System.setErr(old);
        }
        assertTrue(err.toString().contains("backupCount must be between 1 and 6, got 0"), err.toString());
        assertTrue(err.toString().contains("/nonexistent/leasehold.properties cannot be read"), err.toString());
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
            assertTrue(LeaseholdConfig.hasWireFilter(member.getConfig()),
                    "a member started from a Hazelcast file by the server gets Leasehold's filter too");
        } finally {
            member.getLifecycleService().terminate();
        }
    }

    @Test
    void persistenceFlagsKeepLeasesAndFencesInTheDatabase(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("server-store").toAbsolutePath();
        LeaseholdServer server = LeaseholdServer.parse("--cluster-name", "leasehold-server-store-" + UUID.randomUUID(),
                "--persistence-url", url);
        HazelcastInstance member = server.start();
        long fence;
        try (Leasehold leasehold = HazelcastLeasehold.create(member)) {
            fence = leasehold.lock("stored").tryLock().orElseThrow().fence();
        } finally {
            member.getLifecycleService().terminate();
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT fence FROM leasehold_locks WHERE name = 'stored'")) {
            assertTrue(rs.next(), "the lock was written through to " + url);
            assertEquals(fence, rs.getLong(1));
        }

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true));
        try {
            assertEquals(2, LeaseholdServer.run("--persistence-user", "leasehold"));
            assertEquals(2, LeaseholdServer.run("--persistence-url", "jdbc:mysql://127.0.0.1/leasehold"));
        } finally {
            System.setErr(old);
        }
        assertTrue(err.toString().contains("--persistence-user and --persistence-password need --persistence-url"),
                err.toString());
        assertTrue(err.toString().contains("not to jdbc:mysql:"), err.toString());
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

    /**
     * A real server process: started with the module's own logging defaults (the test resources are
     * left off its class path), stopped with SIGTERM ({@link Process#destroy()}). A graceful stop is a
     * clean exit, 0; the log shows where the member listens without Hazelcast's start-up chatter.
     */
    @Test
    void sigtermStopsTheMemberGracefullyWithExitCodeZeroAndAShortLog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("server.log");
        String classPath = Arrays.stream(System.getProperty("surefire.test.class.path",
                        System.getProperty("java.class.path")).split(java.io.File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .reduce((a, b) -> a + java.io.File.pathSeparator + b).orElseThrow();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "-Dhazelcast.phone.home.enabled=false", "-Djava.net.preferIPv4Stack=true",
                "-cp", classPath, LeaseholdServer.class.getName(),
                "--cluster-name", "leasehold-server-sigterm-" + UUID.randomUUID(), "--bind", "127.0.0.1"));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                    .until(() -> Files.readString(log).contains("Leasehold member listening on 127.0.0.1:")
                            || !server.isAlive());
            assertTrue(server.isAlive(), () -> "the server did not start:\n" + read(log));

            server.destroy(); // SIGTERM
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), () -> "the server did not stop:\n" + read(log));
            String out = read(log);
            assertEquals(0, server.exitValue(), () -> "a graceful stop exits with 0:\n" + out);
            assertTrue(out.contains("Leasehold member stopped"), out);
            assertTrue(out.contains("Members {size:1"), "Hazelcast's membership block stays visible:\n" + out);
            assertFalse(out.contains("Jet is"), "no Jet hint at the default level:\n" + out);
            // The server runs its member's Hazelcast on SteadyClock, so a step of the machine's clock
            // costs no member (issue 20), and says so; the warning for a stepping clock stays away.
            assertTrue(out.contains("Hazelcast's clock: steady"), out);
            assertFalse(out.contains("reads the wall clock as it is"), out);
            long lines = out.lines().count();
            assertTrue(lines < 30, "a short member log by default, got " + lines + " lines:\n" + out);
        } finally {
            server.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
