package io.leasehold.boot;

import io.leasehold.Leasehold;
import io.leasehold.shedlock.LeaseholdLockProvider;
import net.javacrumbs.shedlock.core.LockProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * ShedLock's {@link LockProvider} on the {@link Leasehold} bean, when the application has
 * {@code leasehold-shedlock} (and so ShedLock) and no lock provider of its own. Lock names are
 * {@code leasehold.shedlock.prefix} followed by the task's lock name. {@code @EnableSchedulerLock}
 * stays the application's, as ShedLock asks.
 */
@AutoConfiguration(after = LeaseholdAutoConfiguration.class)
@ConditionalOnClass({LockProvider.class, LeaseholdLockProvider.class})
@ConditionalOnSingleCandidate(Leasehold.class)
public class LeaseholdShedLockAutoConfiguration {

    /** Closed with the context (its release thread stops), before the Leasehold bean. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(LockProvider.class)
    LeaseholdLockProvider leaseholdLockProvider(Leasehold leasehold, LeaseholdProperties properties) {
        return new LeaseholdLockProvider(leasehold, properties.getShedlock().getPrefix());
    }
}
