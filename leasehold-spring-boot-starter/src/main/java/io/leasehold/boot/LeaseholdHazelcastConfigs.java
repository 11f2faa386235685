package io.leasehold.boot;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.SerializationConfig;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.LeaseholdSerializationFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastConfigCustomizer;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastConnectionDetails;

import java.util.Objects;

/**
 * Applies Leasehold to the Hazelcast configurations Spring Boot starts instances from, before they
 * start: as a {@link HazelcastConfigCustomizer}, to the member {@code Config} Boot loads from
 * hazelcast.yaml/xml ({@code spring.hazelcast.config}); as a bean post-processor, to a {@code Config}
 * bean of the application's (Boot starts its member from that without calling customizers) and to the
 * client configuration of Boot's {@code HazelcastConnectionDetails} (a {@code ClientConfig} bean, or
 * hazelcast-client.yaml/xml). A member gets {@code LeaseholdConfig.apply(config, settings)} with the
 * {@code leasehold.member.*} settings; a client gets {@code LeaseholdConfig.apply(clientConfig)}, which
 * leaves what the configuration has already.
 *
 * <p>A member configuration that already has Leasehold's serialization factory (one made with
 * {@code LeaseholdConfig.apply}, or a hazelcast.yaml written for {@code LeaseholdMemberHook}) is left
 * as it is: Leasehold is applied once. An instance the application starts itself never passes here;
 * its {@code Config} needs {@code LeaseholdConfig.apply} from the application.
 */
final class LeaseholdHazelcastConfigs implements HazelcastConfigCustomizer, BeanPostProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseholdHazelcastConfigs.class);

    private final ObjectProvider<LeaseholdProperties> properties;

    LeaseholdHazelcastConfigs(ObjectProvider<LeaseholdProperties> properties) {
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    @Override
    public void customize(Config config) {
        applyToMember(config);
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof Config member) {
            applyToMember(member);
        }
        return bean;
    }

    /**
     * Boot starts its client from the {@link HazelcastConnectionDetails} bean's configuration, made from
     * a {@code ClientConfig} bean, from hazelcast-client.yaml/xml, or by a container or Docker Compose
     * connection: Leasehold is applied to that configuration as the client is made from it.
     */
    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HazelcastConnectionDetails details) {
            return (HazelcastConnectionDetails) () -> applyToClient(details.getClientConfig(), beanName);
        }
        return bean;
    }

    private static ClientConfig applyToClient(ClientConfig client, String beanName) {
        LeaseholdConfig.apply(client);
        LOG.info("Leasehold applied to the client configuration of '{}' for cluster '{}'", beanName,
                client.getClusterName());
        return client;
    }

    private void applyToMember(Config config) {
        if (hasLeasehold(config.getSerializationConfig())) {
            LOG.debug("The member configuration of cluster '{}' has Leasehold already: left as it is",
                    config.getClusterName());
            return;
        }
        LeaseholdProperties given = properties.getIfAvailable(LeaseholdProperties::new);
        LeaseholdConfig.apply(config, given.getMember().toSettings());
        LOG.info("Leasehold applied to the member configuration of cluster '{}'", config.getClusterName());
    }

    private static boolean hasLeasehold(SerializationConfig serialization) {
        int id = LeaseholdSerializationFactory.FACTORY_ID;
        return serialization.getDataSerializableFactories().containsKey(id)
                || serialization.getDataSerializableFactoryClasses().containsKey(id);
    }
}
