package io.leasehold.spring;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.FenceChecker;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** Runs the README's Spring Integration snippet on a real member. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpringIntegrationExampleTest {

    @Test
    void readmeSnippetRuns() throws Exception {
        try (TestCluster cluster = new TestCluster(1);
             AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(HazelcastInstance.class, cluster::first, bd -> bd.setDestroyMethodName(""));
            context.register(LockConfig.class);
            context.refresh();

            LeaseholdLockRegistry registry = context.getBean(LeaseholdLockRegistry.class);
            FenceChecker rows = new FenceChecker();
            SpringIntegrationExample.shipOrder(registry, (id, fence) -> rows.accept(id, fence), "42");
            SpringIntegrationExample.shipOrder(registry, (id, fence) -> rows.accept(id, fence), "42");
            assertTrue(rows.highest("42") > Long.MIN_VALUE);

            LockRegistryLeaderInitiator initiator = context.getBean(LockRegistryLeaderInitiator.class);
            await().atMost(Duration.ofSeconds(20)).until(() -> initiator.getContext().isLeader());
        }
    }
}
