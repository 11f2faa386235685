package io.leasehold.persistence;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Lease;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.admin.LockView;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.MemberSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Persistence turned on by a configuration file: {@code leasehold.persistence-url} among the properties
 * of a hazelcast.yaml that names {@code LeaseholdMemberHook}. A member started from it writes through to
 * the database; a member started from the same file after the first was terminated finds the lease and
 * the lock. Bad store properties are refused with the property's name.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ConfigurationFileTest {

    @TempDir
    Path dir;

    @Test
    void aYamlFileTurnsPersistenceOnAndANewMemberOnTheSameFileKeepsTheLeaseAndTheLock() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("from-yaml").toAbsolutePath();
        String cluster = "leasehold-yaml-store-" + UUID.randomUUID();
        Lease lease;
        long fence;
        HazelcastInstance first = Hazelcast.newHazelcastInstance(load(cluster, url));
        try (Leasehold leasehold = HazelcastLeasehold.create(first)) {
            lease = leasehold.lessor().grant(Duration.ofSeconds(60));
            LockHandle held = leasehold.lock("from-yaml").tryLock(lease.id()).orElseThrow();
            fence = held.fence();
        } finally {
            first.getLifecycleService().terminate();
        }
        assertEquals(1, count(url, "SELECT count(*) FROM leasehold_leases WHERE lease_id = " + lease.id()),
                "the grant was written through to the database named by leasehold.persistence-url");
        assertEquals(fence, count(url, "SELECT fence FROM leasehold_locks WHERE name = 'from-yaml'"));

        HazelcastInstance second = Hazelcast.newHazelcastInstance(load(cluster, url));
        try (Leasehold leasehold = HazelcastLeasehold.create(second)) {
            assertTrue(leasehold.lessor().timeToLive(lease.id()).remainingTtl().compareTo(Duration.ZERO) > 0,
                    "the lease came back");
            LockView lock = HazelcastLeasehold.admin(second).lock("from-yaml").orElseThrow();
            assertEquals(lease.id(), lock.leaseId(), "the lock kept its holder");
            assertEquals(fence, lock.fence(), "and its fence");
        } finally {
            second.getLifecycleService().terminate();
        }
    }

    @Test
    void badStorePropertiesAreRefusedByName() {
        Properties userOnly = new Properties();
        userOnly.setProperty("leasehold.persistence-user", "leasehold");
        IllegalArgumentException noUrl = assertThrows(IllegalArgumentException.class,
                () -> MemberSettings.fromProperties(userOnly));
        assertTrue(noUrl.getMessage().contains("leasehold.persistence-user is set but leasehold.persistence-url is not"),
                noUrl.getMessage());

        Properties otherDatabase = new Properties();
        otherDatabase.setProperty("leasehold.persistence-url", "jdbc:mysql://127.0.0.1/leasehold");
        IllegalArgumentException wrongKind = assertThrows(IllegalArgumentException.class,
                () -> MemberSettings.fromProperties(otherDatabase));
        assertTrue(wrongKind.getMessage().contains("leasehold.persistence-url='jdbc:mysql://127.0.0.1/leasehold'")
                && wrongKind.getMessage().contains("not to jdbc:mysql:"), wrongKind.getMessage());
    }

    private static Config load(String cluster, String url) throws IOException {
        try (InputStream in = ConfigurationFileTest.class.getResourceAsStream("/persisted-member.yaml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${leasehold.cluster}", cluster).replace("${leasehold.store}", url);
            return Config.loadFromString(yaml);
        }
    }

    private static long count(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        }
    }
}
