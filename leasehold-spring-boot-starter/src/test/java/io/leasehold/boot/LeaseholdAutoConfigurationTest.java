package io.leasehold.boot;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.TestCluster;
import io.leasehold.micrometer.LeaseholdClientMetrics;
import io.leasehold.shedlock.LeaseholdLockProvider;
import io.leasehold.spring.LeaseholdLockRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.support.locks.DefaultLockRegistry;
import org.springframework.integration.support.locks.LockRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each condition of the auto-configuration, on one real member (Leasehold applied) shared by the class:
 * what is there with the ecosystems present, what is not when their classes or the instance are
 * absent, what backs off for the application's own beans, and how the {@code leasehold.*} properties
 * reach the beans.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class LeaseholdAutoConfigurationTest {

    private static final AutoConfigurations LEASEHOLD = AutoConfigurations.of(LeaseholdAutoConfiguration.class,
            LeaseholdSpringIntegrationAutoConfiguration.class, LeaseholdShedLockAutoConfiguration.class,
            LeaseholdMetricsAutoConfiguration.class);
    private static final AutoConfigurations METRICS = AutoConfigurations.of(MetricsAutoConfiguration.class,
            CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class);

    private TestCluster cluster;
    private HazelcastInstance member;

    @BeforeAll
    void startMember() {
        cluster = new TestCluster(1);
        member = cluster.first();
    }

    @AfterAll
    void stopMember() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private ApplicationContextRunner onMember() {
        return new ApplicationContextRunner().withConfiguration(LEASEHOLD)
                .withBean(HazelcastInstance.class, () -> member);
    }

    @Test
    void withAnInstanceEveryAdapterIsThere() {
        onMember().run(context -> {
            assertThat(context).hasSingleBean(Leasehold.class).hasSingleBean(LeaseholdLockRegistry.class)
                    .hasSingleBean(LeaseholdLockProvider.class).doesNotHaveBean(LeaseholdClientMetrics.class);
            String name = unique("adapters");
            try (LockHandle held = context.getBean(Leasehold.class).lock(name).tryLock().orElseThrow()) {
                assertThat(held.fence()).isPositive();
            }
        });
    }

    @Test
    void withoutAnInstanceNothingIsThere() {
        new ApplicationContextRunner().withConfiguration(LEASEHOLD).run(context -> assertThat(context)
                .hasNotFailed().doesNotHaveBean(Leasehold.class).doesNotHaveBean(LockRegistry.class)
                .doesNotHaveBean(LockProvider.class));
    }

    @Test
    void withoutSpringIntegrationThereIsNoRegistry() {
        onMember().withClassLoader(new FilteredClassLoader(LockRegistry.class)).run(context -> assertThat(context)
                .hasSingleBean(Leasehold.class).doesNotHaveBean(LeaseholdLockRegistry.class)
                .hasSingleBean(LeaseholdLockProvider.class));
    }

    @Test
    void withoutShedLockThereIsNoProvider() {
        onMember().withClassLoader(new FilteredClassLoader(LockProvider.class)).run(context -> assertThat(context)
                .hasSingleBean(Leasehold.class).doesNotHaveBean(LeaseholdLockProvider.class)
                .hasSingleBean(LeaseholdLockRegistry.class));
    }

    @Test
    void withoutTheMicrometerModuleThereAreNoBinders() {
        onMember().withConfiguration(METRICS).withClassLoader(new FilteredClassLoader(LeaseholdClientMetrics.class))
                .run(context -> assertThat(context).hasSingleBean(MeterRegistry.class)
                        .doesNotHaveBean(LeaseholdClientMetrics.class).doesNotHaveBean("leaseholdMemberMetrics"));
    }

    @Test
    void withARegistryTheMetersOfTheInstanceAndTheMemberAreBound() {
        onMember().withConfiguration(METRICS).withPropertyValues("leasehold.metrics.tags.app=billing").run(context -> {
            assertThat(context).hasSingleBean(LeaseholdClientMetrics.class).hasBean("leaseholdMemberMetrics");
            try (LockHandle held = context.getBean(Leasehold.class).lock(unique("meters")).tryLock().orElseThrow()) {
                assertThat(held.fence()).isPositive();
            }
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("leasehold.client.acquire").tag("app", "billing").functionTimer().count())
                    .isEqualTo(1);
            assertThat(registry.get("leasehold.leases.granted").tag("app", "billing").tag("member", member.getName())
                    .functionCounter().count()).isPositive();
        });
    }

    @Test
    void onAClientTheInstanceLocksAndNoMemberMetersAreBound() {
        HazelcastInstance client = cluster.newClient();
        try {
            new ApplicationContextRunner().withConfiguration(LEASEHOLD).withConfiguration(METRICS)
                    .withBean(HazelcastInstance.class, () -> client).run(context -> {
                        try (LockHandle held = context.getBean(Leasehold.class).lock(unique("client")).tryLock()
                                .orElseThrow()) {
                            assertThat(held.fence()).isPositive();
                        }
                        MeterRegistry registry = context.getBean(MeterRegistry.class);
                        assertThat(registry.find("leasehold.client.acquire").functionTimer()).isNotNull();
                        assertThat(registry.find("leasehold.leases.granted").meter()).isNull();
                    });
        } finally {
            client.shutdown();
        }
    }

    @Test
    void anInstanceWithoutLeaseholdStopsTheApplicationSayingHowToFixIt() {
        ClientConfig plain = new ClientConfig().setClusterName(cluster.name);
        plain.setProperty("hazelcast.phone.home.enabled", "false");
        plain.getNetworkConfig().addAddress("127.0.0.1:" + member.getCluster().getLocalMember().getAddress().getPort());
        HazelcastInstance client = HazelcastClient.newHazelcastClient(plain);
        try {
            new ApplicationContextRunner().withConfiguration(LEASEHOLD).withBean(HazelcastInstance.class, () -> client)
                    .run(context -> assertThat(context).getFailure()
                            .hasStackTraceContaining("The HazelcastInstance '" + client.getName() + "' runs without Leasehold")
                            .hasStackTraceContaining("LeaseholdConfig.apply"));
        } finally {
            client.shutdown();
        }
    }

    @Test
    void theApplicationsOwnBeansWin() {
        Leasehold own = HazelcastLeasehold.create(member); // closed with the context, as a bean of the application's
        DefaultLockRegistry ownRegistry = new DefaultLockRegistry();
        LockProvider ownProvider = new NoLocks();
        LeaseholdClientMetrics ownMetrics = new LeaseholdClientMetrics(own);
        onMember().withConfiguration(METRICS).withBean(Leasehold.class, () -> own)
                .withBean(LockRegistry.class, () -> ownRegistry).withBean(LockProvider.class, () -> ownProvider)
                .withBean("myMetrics", LeaseholdClientMetrics.class, () -> ownMetrics)
                .run(context -> {
                    assertThat(context.getBean(Leasehold.class)).isSameAs(own);
                    assertThat(context.getBean(LockRegistry.class)).isSameAs(ownRegistry);
                    assertThat(context.getBean(LockProvider.class)).isSameAs(ownProvider);
                    assertThat(context.getBean(LeaseholdClientMetrics.class)).isSameAs(ownMetrics);
                });
    }

    @Test
    void anOwnMemberBinderReplacesTheStarters() {
        onMember().withConfiguration(METRICS).withBean("leaseholdMemberMetrics", MeterBinder.class, () -> registry -> {
        }).run(context -> assertThat(context.getBean(MeterRegistry.class).find("leasehold.leases.granted").meter())
                .isNull());
    }

    @Test
    void propertiesReachTheBeans() {
        onMember().withPropertyValues("leasehold.session-ttl=7s", "leasehold.spring-integration.prefix=si:",
                "leasehold.shedlock.prefix=sl:").run(context -> {
            Leasehold leasehold = context.getBean(Leasehold.class);
            String key = unique("prefixed");
            LeaseholdLockRegistry registry = context.getBean(LeaseholdLockRegistry.class);
            assertThat(registry.obtain(key).tryLock()).isTrue();
            try {
                assertThat(leasehold.lock("si:" + key).holder()).isPresent();
                long session = leasehold.sessionLeaseId().orElseThrow();
                assertThat(leasehold.lessor().timeToLive(session).grantedTtl()).isEqualTo(Duration.ofSeconds(7));
            } finally {
                registry.obtain(key).unlock();
            }
            Optional<SimpleLock> task = context.getBean(LockProvider.class)
                    .lock(new LockConfiguration(Instant.now(), key, Duration.ofSeconds(30), Duration.ZERO));
            assertThat(task).isPresent();
            try {
                assertThat(leasehold.lock("sl:" + key).holder()).isPresent();
            } finally {
                task.get().unlock();
            }
        });
    }

    @Test
    void aRefusedPropertyStopsTheApplicationNamingIt() {
        onMember().withPropertyValues("leasehold.session-ttl=0s").run(context -> assertThat(context).getFailure()
                .hasStackTraceContaining("leasehold.session-ttl=PT0S is refused: sessionTtl must be positive"));
    }

    private static String unique(String what) {
        return what + "-" + UUID.randomUUID();
    }

    /** A provider of the application's own, which never grants. */
    private static final class NoLocks implements LockProvider {
        @Override
        public Optional<SimpleLock> lock(LockConfiguration config) {
            return Optional.empty();
        }
    }
}
