package io.leasehold.spring;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.spring.LeaseholdLockRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

@Configuration
public class LockConfig {

    @Bean(destroyMethod = "close")
    public Leasehold leasehold(HazelcastInstance hazelcast) {
        return HazelcastLeasehold.create(hazelcast); // a member with LeaseholdConfig applied, or a client
    }

    @Bean
    public LeaseholdLockRegistry lockRegistry(Leasehold leasehold) {
        return new LeaseholdLockRegistry(leasehold, "myapp:");
    }

    @Bean
    public LockRegistryLeaderInitiator leaderInitiator(LeaseholdLockRegistry lockRegistry) {
        // Leader election: exactly one node of the cluster leads the role "scheduler".
        return new LockRegistryLeaderInitiator(lockRegistry, new DefaultCandidate("node-1", "scheduler"));
    }
}
