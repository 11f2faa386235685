package io.leasehold.hazelcast.formation;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Lease;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.hazelcast.internal.protocol.LeaseMergePolicy;
import io.leasehold.hazelcast.internal.protocol.LockMergePolicy;
import io.leasehold.hazelcast.internal.core.Maps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** A member configured only from a YAML file serves Leasehold; a file missing what it needs is refused clearly. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class YamlMemberTest {

    @Test
    void aMemberConfiguredOnlyFromYamlServesLeasesAndLocks() throws Exception {
        HazelcastInstance member = Hazelcast.newHazelcastInstance(load("leasehold-member.yaml"));
        try (Leasehold leasehold = HazelcastLeasehold.create(member)) {
            Lease lease = leasehold.lessor().grant(Duration.ofSeconds(5));
            assertTrue(leasehold.lessor().timeToLive(lease.id()).remainingTtl().toMillis() > 0);
            LockHandle held = leasehold.lock("from-yaml").tryLock().orElseThrow();
            assertTrue(held.fence() > 0);
            assertTrue(leasehold.lock("from-yaml").tryLock().isEmpty(), "a second holder got the lock");
            held.unlock();
            LockHandle next = leasehold.lock("from-yaml").tryLock().orElseThrow();
            assertTrue(next.fence() > held.fence());
            next.unlock();

            MapConfig locks = member.getConfig().getMapConfig(Maps.LOCKS);
            assertEquals(2, locks.getBackupCount(), "leasehold.backup-count from the file");
            assertEquals(LockMergePolicy.class.getName(), locks.getMergePolicyConfig().getPolicy());
            assertEquals(LeaseMergePolicy.class.getName(),
                    member.getConfig().getMapConfig(Maps.LEASES).getMergePolicyConfig().getPolicy());
        } finally {
            member.getLifecycleService().terminate();
        }
    }

    @Test
    void aFileWithoutTheSerializationFactoryIsRefusedWithTheFix() throws Exception {
        Config config = load("member-without-factory.yaml");
        RuntimeException e = assertThrows(RuntimeException.class, () -> Hazelcast.newHazelcastInstance(config)
                .getLifecycleService().terminate());
        assertTrue(causes(e).contains("data-serializable-factories"), causes(e));
        assertTrue(causes(e).contains("io.leasehold.hazelcast.LeaseholdSerializationFactory"), causes(e));
    }

    @Test
    void aFileAskingForProtectionWithoutDeclaringItIsRefusedWithTheFix() throws Exception {
        Config config = load("member-without-protection.yaml");
        config.setProperty("hazelcast.initial.min.cluster.size", "1");
        RuntimeException e = assertThrows(RuntimeException.class, () -> Hazelcast.newHazelcastInstance(config)
                .getLifecycleService().terminate());
        assertTrue(causes(e).contains("minimum-cluster-size: 2"), causes(e));
    }

    @Test
    void badOrUnknownSettingsNameTheProperty() {
        Properties p = new Properties();
        p.setProperty("leasehold.min-ttl-ms", "soon");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemberSettings.fromProperties(p));
        assertTrue(e.getMessage().contains("leasehold.min-ttl-ms='soon'"), e.getMessage());
        Properties typo = new Properties();
        typo.setProperty("leasehold.expected-member", "3");
        e = assertThrows(IllegalArgumentException.class, () -> MemberSettings.fromProperties(typo));
        assertTrue(e.getMessage().contains("unknown setting"), e.getMessage());
        Properties good = new Properties();
        good.setProperty("leasehold.expected-members", "3");
        good.setProperty("hazelcast.other", "x");
        assertEquals(2, MemberSettings.fromProperties(good).effectiveSplitBrainQuorum());
        Properties stored = new Properties();
        stored.setProperty("leasehold.persistence-url", "jdbc:h2:file:/nonexistent/leasehold");
        e = assertThrows(IllegalArgumentException.class, () -> MemberSettings.fromProperties(stored));
        assertTrue(e.getMessage().contains("leasehold.persistence-url='jdbc:h2:file:/nonexistent/leasehold': no store"
                + " on the class path"), "the backend alone cannot persist, and says what to add: " + e.getMessage());
    }

    private static Config load(String resource) throws URISyntaxException, java.io.IOException {
        File file = new File(YamlMemberTest.class.getResource("/yaml/" + resource).toURI());
        Properties variables = new Properties();
        variables.setProperty("leasehold.cluster", "leasehold-yaml-" + UUID.randomUUID());
        return Config.loadFromFile(file, variables);
    }

    private static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t).append(" / ");
        }
        return sb.toString();
    }
}
