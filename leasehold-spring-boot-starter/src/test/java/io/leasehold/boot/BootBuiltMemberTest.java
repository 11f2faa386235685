package io.leasehold.boot;

import com.hazelcast.client.Client;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.LeaseLock;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.LeaseholdSerializationFactory;
import io.leasehold.hazelcast.MemberSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastConfigCustomizer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Leasehold applied to the members Spring Boot builds: the customizer Boot calls on a configuration it
 * loads from hazelcast.yaml (the file path itself runs in {@code ShippingApplicationTest}), and a
 * {@code Config} bean of the application's, from which Boot starts a real member here, and the client
 * configurations Boot starts clients of that member from: a {@code ClientConfig} bean and a
 * hazelcast-client.yaml.
 */
@Timeout(60)
class BootBuiltMemberTest {

    private static final String CLIENT_CLUSTER = "leasehold.boot.test.client.cluster";
    private static final String CLIENT_PORT = "leasehold.boot.test.client.port";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(HazelcastAutoConfiguration.class, LeaseholdAutoConfiguration.class));

    @Test
    void theCustomizerAppliesTheMemberPropertiesOnce() {
        runner.withPropertyValues("leasehold.member.backup-count=2", "leasehold.member.min-ttl=50ms").run(context -> {
            HazelcastConfigCustomizer customizer = context.getBean("leaseholdHazelcastConfigs", HazelcastConfigCustomizer.class);
            Config config = new Config();
            customizer.customize(config);
            assertThat(config.getSerializationConfig().getDataSerializableFactories())
                    .containsKey(LeaseholdSerializationFactory.FACTORY_ID);
            assertThat(config.getMapConfig(LeaseholdConfig.LOCKS_MAP).getBackupCount()).isEqualTo(2);
            assertThat(config.getMapConfig(LeaseholdConfig.LEASES_MAP).getBackupCount()).isEqualTo(2);
            int listeners = config.getListenerConfigs().size();
            customizer.customize(config);
            assertThat(config.getListenerConfigs()).as("applied once").hasSize(listeners);
        });
    }

    @Test
    void aConfigThatHasLeaseholdAlreadyIsLeftAsItIs() {
        runner.withPropertyValues("leasehold.member.backup-count=2").run(context -> {
            Config config = LeaseholdConfig.apply(new Config(), MemberSettings.builder().backupCount(3).build());
            int listeners = config.getListenerConfigs().size();
            context.getBean("leaseholdHazelcastConfigs", HazelcastConfigCustomizer.class).customize(config);
            assertThat(config.getMapConfig(LeaseholdConfig.LOCKS_MAP).getBackupCount()).isEqualTo(3);
            assertThat(config.getListenerConfigs()).hasSize(listeners);
        });
    }

    @Test
    void aRefusedMemberPropertyIsNamed() {
        runner.withPropertyValues("leasehold.member.backup-count=-1").run(context -> assertThatIllegalArgumentException()
                .isThrownBy(() -> context.getBean("leaseholdHazelcastConfigs", HazelcastConfigCustomizer.class).customize(new Config()))
                .withMessageContaining("leasehold.member.backup-count=-1 is refused"));
    }

    @Test
    void bootStartsAMemberFromAConfigBeanAndClientsFromAClientConfigBeanAndAClientFileWithLeasehold() {
        String cluster = "leasehold-boot-config-bean-" + UUID.randomUUID();
        String name = "config-bean-" + UUID.randomUUID();
        runner.withBean(Config.class, () -> loopbackMember(cluster)).run(memberApp -> {
            assertThat(memberApp).hasSingleBean(HazelcastInstance.class).hasSingleBean(Leasehold.class);
            int port = memberApp.getBean(HazelcastInstance.class).getCluster().getLocalMember().getAddress().getPort();
            try (LockHandle held = memberApp.getBean(Leasehold.class).lock(name).tryLock().orElseThrow()) {
                assertThat(held.fence()).isPositive();
                runner.withBean(ClientConfig.class, () -> loopbackClient(cluster, port))
                        .run(clientApp -> assertSeesTheHold(clientApp, name));
                // boot-client.yaml names the cluster and the port through Hazelcast's ${...}: system properties.
                System.setProperty(CLIENT_CLUSTER, cluster);
                System.setProperty(CLIENT_PORT, Integer.toString(port));
                try {
                    runner.withPropertyValues("spring.hazelcast.config=classpath:boot-client.yaml")
                            .run(clientApp -> assertSeesTheHold(clientApp, name));
                } finally {
                    System.clearProperty(CLIENT_CLUSTER);
                    System.clearProperty(CLIENT_PORT);
                }
            }
        });
    }

    /** A client application with Leasehold applied by the starter, which sees the member application's hold. */
    private static void assertSeesTheHold(AssertableApplicationContext clientApp, String name) {
        assertThat(clientApp).hasSingleBean(Leasehold.class);
        assertThat(clientApp.getBean(HazelcastInstance.class).getLocalEndpoint()).isInstanceOf(Client.class);
        LeaseLock lock = clientApp.getBean(Leasehold.class).lock(name);
        assertThat(lock.holder()).as("the member application's hold, seen from the client").isPresent();
        assertThat(lock.tryLock()).as("held by the member application").isEmpty();
    }

    /** A client configuration without Leasehold, for the loopback member on {@code port}; no phone-home. */
    private static ClientConfig loopbackClient(String clusterName, int port) {
        ClientConfig config = new ClientConfig().setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.getNetworkConfig().addAddress("127.0.0.1:" + port);
        return config;
    }

    /** A member configuration without Leasehold: 127.0.0.1 only, TCP-IP join, no multicast, no phone-home. */
    private static Config loopbackMember(String clusterName) {
        Config config = new Config().setClusterName(clusterName);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(LeaseholdConfig.BASE_PORT).setPortAutoIncrement(true).setPortCount(LeaseholdConfig.PORT_COUNT);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1");
        return config;
    }
}
