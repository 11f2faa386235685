package io.leasehold.boot;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * A {@link Leasehold} bean on the application's {@link HazelcastInstance} (Boot's, or a bean of the
 * application's), a member or a client as the instance is, with the {@code leasehold.*} settings; and
 * Leasehold applied to the Hazelcast configurations Boot starts instances from
 * ({@link LeaseholdHazelcastConfigs}). Runs after Boot's Hazelcast auto-configuration.
 *
 * <p>An instance that runs without Leasehold (a member the application started from a {@code Config}
 * without {@code LeaseholdConfig.apply}, a client without Leasehold's serialization) stops the
 * application at start-up, saying which instance and how to fix it: Leasehold cannot be applied to a
 * member that is already running.
 */
@AutoConfiguration(after = HazelcastAutoConfiguration.class)
@ConditionalOnClass({HazelcastInstance.class, HazelcastLeasehold.class})
@EnableConfigurationProperties(LeaseholdProperties.class)
public class LeaseholdAutoConfiguration {

    /** Applies Leasehold to the member and client configurations Boot starts instances from. */
    @Bean
    @ConditionalOnMissingBean(name = "leaseholdHazelcastConfigs")
    static LeaseholdHazelcastConfigs leaseholdHazelcastConfigs(ObjectProvider<LeaseholdProperties> properties) {
        return new LeaseholdHazelcastConfigs(properties);
    }

    /** Closed with the context, before the instance it runs on: that revokes its session and frees its locks. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(HazelcastInstance.class)
    Leasehold leasehold(HazelcastInstance hazelcast, LeaseholdProperties properties, Environment environment) {
        var settings = properties.toSettings(environment.getProperty("spring.application.name"));
        try {
            return HazelcastLeasehold.create(hazelcast, settings);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("The HazelcastInstance '" + hazelcast.getName() + "' runs without Leasehold,"
                    + " so no Leasehold bean can be made on it. Let Spring Boot start it (hazelcast.yaml,"
                    + " hazelcast-client.yaml, or a Config or ClientConfig bean), and Leasehold is applied before it starts; an instance the application"
                    + " starts itself needs LeaseholdConfig.apply on its Config (a member) or ClientConfig (a client)."
                    + " (" + e.getMessage() + ")", e);
        }
    }
}
