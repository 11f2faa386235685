package io.leasehold.spring;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

/** The README's Spring Integration snippet, compiled (and run by {@code SpringIntegrationExampleTest}). */
public class SpringIntegrationExample {

    // --- README: configuration
    @Configuration
    public static class LockConfig {

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

    /** A resource that refuses writes from a holder that lost its lock (a database row's last_fence column, say). */
    public interface Orders {
        void markShipped(String orderId, long fence);
    }

    // --- README: usage
    public static void shipOrder(LeaseholdLockRegistry lockRegistry, Orders orders, String orderId)
            throws InterruptedException {
        lockRegistry.executeLocked("order-" + orderId, () -> {
            long fence = lockRegistry.obtain("order-" + orderId).fence();
            orders.markShipped(orderId, fence); // the resource keeps the highest fence and refuses lower ones
        });
    }
    // --- end
}
