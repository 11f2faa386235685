package io.leasehold.boot;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.micrometer.LeaseholdClientMetrics;
import io.leasehold.micrometer.LeaseholdMemberMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * Leasehold's Micrometer binders, when the application has {@code leasehold-micrometer} and a
 * {@link MeterRegistry} bean: the client meters of the {@link Leasehold} bean and, when the
 * application's {@link HazelcastInstance} is a member, that member's meters. They are
 * {@link MeterBinder} beans: Spring Boot's metrics auto-configuration binds them to every registry.
 * {@code leasehold.metrics.tags.*} are added to every meter.
 */
@AutoConfiguration(after = LeaseholdAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, LeaseholdClientMetrics.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnSingleCandidate(Leasehold.class)
public class LeaseholdMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    LeaseholdClientMetrics leaseholdClientMetrics(Leasehold leasehold, LeaseholdProperties properties) {
        return new LeaseholdClientMetrics(leasehold, tags(properties));
    }

    /** Binds {@link LeaseholdMemberMetrics} when the instance is a member; a client has none to bind. */
    @Bean
    @ConditionalOnMissingBean(value = LeaseholdMemberMetrics.class, name = "leaseholdMemberMetrics")
    @ConditionalOnSingleCandidate(HazelcastInstance.class)
    MeterBinder leaseholdMemberMetrics(HazelcastInstance hazelcast, LeaseholdProperties properties) {
        Iterable<Tag> tags = tags(properties);
        return registry -> {
            if (hazelcast.getLocalEndpoint() instanceof Member) {
                new LeaseholdMemberMetrics(hazelcast, tags).bindTo(registry);
            }
        };
    }

    private static Tags tags(LeaseholdProperties properties) {
        Tags tags = Tags.empty();
        for (var tag : properties.getMetrics().getTags().entrySet()) {
            tags = tags.and(tag.getKey(), tag.getValue());
        }
        return tags;
    }
}
