package io.leasehold.boot;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.boot.example.Ledger;
import io.leasehold.boot.example.ShippingApplication;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.shedlock.LeaseholdLockProvider;
import io.leasehold.spring.LeaseholdLockRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import net.javacrumbs.shedlock.core.LockProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.test.annotation.DirtiesContext;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example application as Spring Boot runs it: Boot starts a member from a hazelcast.yaml (the
 * starter applies Leasehold to it), the test starts a second member of the same cluster, and the
 * application's locks, through the registry and through ShedLock, are the cluster's: a holder on the
 * second member sees them, and every fence is above the one it took before. Boot's metrics
 * auto-configuration binds the starter's meters to the application's registry.
 */
@SpringBootTest(classes = {ShippingApplication.class, ShippingApplicationTest.Recording.class}, properties = {
        "spring.main.banner-mode=off",
        "shipping.report.every=PT0.2S"}) // the rest is the application's application.properties
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class ShippingApplicationTest {

    private static final String CLUSTER = "leasehold-boot-test-" + UUID.randomUUID();

    static {
        // shipping-hazelcast.yaml names its cluster ${leasehold.boot.test.cluster}; read when Boot loads it.
        System.setProperty("leasehold.boot.test.cluster", CLUSTER);
    }

    @Autowired
    HazelcastInstance bootMember;
    @Autowired
    Leasehold leasehold;
    @Autowired
    LockRegistry lockRegistry;
    @Autowired
    LockProvider lockProvider;
    @Autowired
    ShippingApplication.Shipping shipping;
    @Autowired
    Recording ledger;
    @Autowired
    MeterRegistry meters;

    private HazelcastInstance secondMember;
    /** Another process, as far as locks go. */
    private Leasehold other;

    @BeforeAll
    void startSecondMember() {
        secondMember = Hazelcast.newHazelcastInstance(
                LeaseholdConfig.memberConfig(CLUSTER, LeaseholdConfig.BASE_PORT, List.of("127.0.0.1"), MemberSettings.defaults()));
        LeaseholdConfig.awaitClusterSize(bootMember, 2, Duration.ofSeconds(30));
        other = HazelcastLeasehold.create(secondMember);
    }

    @AfterAll
    void stopSecondMember() {
        try {
            if (other != null) {
                other.close();
            }
        } finally {
            if (secondMember != null) {
                secondMember.shutdown();
            }
        }
    }

    @Test
    void theStarterWiresTheAdaptersOnBootsMember() {
        assertThat(bootMember.getCluster().getMembers()).hasSize(2);
        assertThat(lockRegistry).isInstanceOf(LeaseholdLockRegistry.class);
        assertThat(lockProvider).isInstanceOf(LeaseholdLockProvider.class);
    }

    @Test
    void aLockTakenThroughTheRegistryIsTheClustersLock() throws InterruptedException {
        long before;
        try (LockHandle held = other.lock("shipping:order-7").tryLock().orElseThrow()) {
            before = held.fence();
            assertThat(lockRegistry.obtain("order-7").tryLock()).as("held on the second member").isFalse();
            held.unlockAndWait();
        }
        shipping.ship("7");
        assertThat(ledger.fencesOf("order-7")).singleElement().satisfies(fence -> assertThat(fence).isGreaterThan(before));
        assertThat(other.lock("shipping:order-7").holder()).as("released after the write").isEmpty();
    }

    @Test
    void theScheduledTaskRunsUnderTheClustersLock() throws InterruptedException {
        await().atMost(Duration.ofSeconds(20)).until(() -> !ledger.fencesOf("daily-report").isEmpty());
        long before;
        try (LockHandle held = other.lock("shipping:daily-report").tryLock(Duration.ofSeconds(20)).orElseThrow()) {
            before = held.fence();
            held.unlockAndWait();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> ledger.fencesOf("daily-report").stream().anyMatch(f -> f > before));
        assertThat(ledger.fencesOf("daily-report")).as("fences only grow").isSorted();
    }

    @Test
    void theApplicationsLocksAreCountedInItsMeterRegistry() throws InterruptedException {
        shipping.ship("8");
        assertThat(meters.get("leasehold.client.acquire").tag("app", "shipping").functionTimer().count()).isPositive();
        assertThat(meters.get("leasehold.leases.granted").tag("member", bootMember.getName()).functionCounter().count())
                .isPositive();
    }

    /** A ledger that remembers every write (the application's Ledger bean in this test). */
    static class Recording implements Ledger {
        private final List<String[]> writes = new CopyOnWriteArrayList<>();

        @Override
        public void write(String key, long fence) {
            writes.add(new String[] {key, Long.toString(fence)});
        }

        List<Long> fencesOf(String key) {
            return writes.stream().filter(w -> w[0].equals(key)).map(w -> Long.parseLong(w[1])).toList();
        }
    }
}
