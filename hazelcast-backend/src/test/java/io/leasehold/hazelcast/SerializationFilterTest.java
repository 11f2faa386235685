package io.leasehold.hazelcast;

import com.example.outside.Intruder;
import com.example.outside.OrderRejected;
import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.SerializationClassNameFilter;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.internal.member.WireFilter;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Leasehold's Java-serialization filter: off unless asked for; when asked for, it admits from the
 * wire only Hazelcast's and Leasehold's classes and every exception, and merges with a filter the
 * member's configuration already has.
 */
class SerializationFilterTest {

    @Test
    void applyLeavesTheMembersSerializationPolicyAsItIs() {
        assertNull(LeaseholdConfig.apply(new Config()).getSerializationConfig().getJavaSerializationFilterConfig(),
                "apply must not set a filter the member's owner did not ask for");
        assertNull(LeaseholdConfig.localMemberConfig("c", MemberSettings.defaults())
                .getSerializationConfig().getJavaSerializationFilterConfig());

        Config mine = new Config();
        JavaSerializationFilterConfig own = new JavaSerializationFilterConfig()
                .setWhitelist(new ClassFilter().addPrefixes("com.example."));
        mine.getSerializationConfig().setJavaSerializationFilterConfig(own);
        LeaseholdConfig.apply(mine);
        assertSame(own, mine.getSerializationConfig().getJavaSerializationFilterConfig());
        assertEquals(new ClassFilter().addPrefixes("com.example."), own.getWhitelist());
    }

    @Test
    void askedForItAdmitsLeaseholdHazelcastAndEveryThrowableAndNothingElse() {
        Config config = LeaseholdConfig.apply(new Config(), MemberSettings.builder().javaSerializationFilter(true).build());
        JavaSerializationFilterConfig filter = config.getSerializationConfig().getJavaSerializationFilterConfig();
        assertTrue(WireFilter.isApplied(filter));
        assertTrue(filter.isDefaultsDisabled());
        SerializationClassNameFilter decide = new SerializationClassNameFilter(filter);
        for (String admitted : new String[] {"io.leasehold.hazelcast.internal.LockRecord", "com.hazelcast.map.impl.X",
                IllegalMonitorStateException.class.getName(), java.util.concurrent.BrokenBarrierException.class.getName(),
                OrderRejected.class.getName(), "[Ljava.lang.StackTraceElement;"}) {
            assertDoesNotThrow(() -> decide.filter(admitted), admitted);
        }
        for (String refused : new String[] {"java.util.HashSet", "java.util.HashMap", "java.util.ArrayList",
                AtomicLong.class.getName(), Intruder.class.getName(), "com.example.outside.NoSuchException",
                "[Ljava.lang.Throwable;"}) {
            SecurityException e = assertThrows(SecurityException.class, () -> decide.filter(refused), refused);
            assertTrue(e.getMessage().contains(refused), e.getMessage());
        }
    }

    @Test
    void mergingKeepsTheConfiguredAllowAndDenyListsAndIsIdempotent() {
        Config config = new Config();
        JavaSerializationFilterConfig own = new JavaSerializationFilterConfig()
                .setDefaultsDisabled(true)
                .setWhitelist(new ClassFilter().addClasses(Intruder.class.getName()).addPackages("com.example.values"))
                .setBlacklist(new ClassFilter().addClasses(OrderRejected.class.getName()));
        config.getSerializationConfig().setJavaSerializationFilterConfig(own);
        LeaseholdConfig.applyWireFilter(config);
        LeaseholdConfig.applyWireFilter(config);
        JavaSerializationFilterConfig merged = config.getSerializationConfig().getJavaSerializationFilterConfig();
        assertTrue(WireFilter.isApplied(merged));
        assertTrue(merged.isDefaultsDisabled(), "the configured defaults switch stays");
        SerializationClassNameFilter decide = new SerializationClassNameFilter(merged);
        assertDoesNotThrow(() -> decide.filter(Intruder.class.getName()), "the configured allow list stays");
        assertDoesNotThrow(() -> decide.filter("com.example.values.Price"), "the configured allow list stays");
        assertDoesNotThrow(() -> decide.filter("io.leasehold.hazelcast.internal.LockRecord"));
        assertDoesNotThrow(() -> decide.filter(IllegalMonitorStateException.class.getName()));
        assertThrows(SecurityException.class, () -> decide.filter(OrderRejected.class.getName()),
                "the configured deny list wins, even over a Throwable");
        assertThrows(SecurityException.class, () -> decide.filter("java.util.HashSet"));
    }

    @Test
    void mergingIntoAFilterThatAdmitsEverythingNarrowsNothing() {
        Config denyOnly = new Config();
        JavaSerializationFilterConfig own = new JavaSerializationFilterConfig()
                .setDefaultsDisabled(true)
                .setBlacklist(new ClassFilter().addClasses("com.example.Forbidden"));
        denyOnly.getSerializationConfig().setJavaSerializationFilterConfig(own);
        LeaseholdConfig.applyWireFilter(denyOnly);
        SerializationClassNameFilter decide = new SerializationClassNameFilter(
                denyOnly.getSerializationConfig().getJavaSerializationFilterConfig());
        assertDoesNotThrow(() -> decide.filter(AtomicLong.class.getName()), "a deny-only filter keeps admitting the rest");
        assertThrows(SecurityException.class, () -> decide.filter("com.example.Forbidden"));

        Config defaultsOn = new Config();
        defaultsOn.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig());
        LeaseholdConfig.applyWireFilter(defaultsOn);
        SerializationClassNameFilter withDefaults = new SerializationClassNameFilter(
                defaultsOn.getSerializationConfig().getJavaSerializationFilterConfig());
        assertDoesNotThrow(() -> withDefaults.filter(AtomicLong.class.getName()), "Hazelcast's defaults stay on");
        assertDoesNotThrow(() -> withDefaults.filter(OrderRejected.class.getName()), "and every Throwable is added");
    }

    @Test
    void aClassOutsideTheFilterIsRefusedAndTheMemberKeepsServing() {
        try (TestCluster cluster = new TestCluster(1, TestCluster.filteredTestSettings())) {
            HazelcastInstance client = cluster.newClient();
            try (Leasehold leasehold = HazelcastLeasehold.create(client)) {
                LockHandle held = leasehold.lock("guarded").tryLock().orElseThrow();
                RuntimeException e = assertThrows(RuntimeException.class,
                        () -> client.<String, Object>getMap("leasehold.locks").executeOnKey("guarded", new Intruder()));
                assertTrue(String.valueOf(e.getMessage()).contains("is not allowed"), e.getMessage());
                assertEquals(held.fence(), leasehold.lock("guarded").holder().orElseThrow().fence());
                held.unlock();
                assertTrue(leasehold.lock("guarded").tryLock().isPresent());
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void aMemberWithItsOwnFilterMergedKeepsAdmittingWhatItAllowed() {
        String name = "leasehold-test-merge-" + java.util.UUID.randomUUID();
        Config config = LeaseholdConfig.localMemberConfig(name, TestCluster.testSettings());
        config.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig()
                .setDefaultsDisabled(true)
                .setWhitelist(new ClassFilter().addPrefixes("com.example.outside.")));
        HazelcastInstance member = Hazelcast.newHazelcastInstance(LeaseholdConfig.applyWireFilter(config));
        try {
            HazelcastInstance client = com.hazelcast.client.HazelcastClient.newHazelcastClient(
                    LeaseholdConfig.localClientConfig(name,
                            "127.0.0.1:" + member.getCluster().getLocalMember().getAddress().getPort()));
            try (Leasehold leasehold = HazelcastLeasehold.create(client)) {
                LockHandle held = leasehold.lock("merged").tryLock().orElseThrow();
                client.<String, Object>getMap("user-map").put("k", "v");
                assertEquals("ran on the member", client.<String, Object>getMap("user-map").executeOnKey("k", new Intruder()),
                        "the member's own allow list admits the application's class");
                assertNull(client.<String, Object>getMap("user-map").get("k"));
                assertTrue(held.isValid());
                held.unlock();
            } finally {
                client.shutdown();
            }
        } finally {
            member.getLifecycleService().terminate();
        }
    }
}
