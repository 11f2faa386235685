package io.leasehold.boot;

import io.leasehold.Leasehold;
import io.leasehold.spring.LeaseholdLockRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.support.locks.LockRegistry;

/**
 * Spring Integration's {@link LockRegistry} on the {@link Leasehold} bean, when the application has
 * {@code leasehold-spring-integration} (and so Spring Integration) and no lock registry of its own.
 * Lock names are {@code leasehold.spring-integration.prefix} followed by the key.
 */
@AutoConfiguration(after = LeaseholdAutoConfiguration.class)
@ConditionalOnClass({LockRegistry.class, LeaseholdLockRegistry.class})
@ConditionalOnSingleCandidate(Leasehold.class)
public class LeaseholdSpringIntegrationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(LockRegistry.class)
    LeaseholdLockRegistry leaseholdLockRegistry(Leasehold leasehold, LeaseholdProperties properties) {
        return new LeaseholdLockRegistry(leasehold, properties.getSpringIntegration().getPrefix());
    }
}
