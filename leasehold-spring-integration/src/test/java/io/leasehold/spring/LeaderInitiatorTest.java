package io.leasehold.spring;

import io.leasehold.Leasehold;
import io.leasehold.testkit.TwoLeaseholds;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.leader.DefaultCandidate;
import org.springframework.integration.leader.event.AbstractLeaderEvent;
import org.springframework.integration.leader.event.OnGrantedEvent;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Leader election through Spring Integration's own {@link LockRegistryLeaderInitiator} on two
 * application contexts, each with its own registry on its own Leasehold instance (one per member).
 */
class LeaderInitiatorTest extends TwoLeaseholds {

    /** One node: a registry and an initiator for the role "scheduler". */
    @Configuration(proxyBeanMethods = false)
    static class NodeConfig {
        @Bean
        LeaseholdLockRegistry lockRegistry(Leasehold leasehold) {
            return new LeaseholdLockRegistry(leasehold, "leader:");
        }

        @Bean
        LockRegistryLeaderInitiator leaderInitiator(LeaseholdLockRegistry registry, Leasehold leasehold) {
            LockRegistryLeaderInitiator initiator = new LockRegistryLeaderInitiator(registry,
                    new DefaultCandidate("node-" + System.identityHashCode(leasehold), "scheduler"));
            initiator.setHeartBeatMillis(200);
            initiator.setBusyWaitMillis(20);
            return initiator;
        }
    }

    private static AnnotationConfigApplicationContext node(Leasehold leasehold, Queue<String> events, String label) {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.registerBean(Leasehold.class, () -> leasehold, bd -> bd.setDestroyMethodName(""));
        context.register(NodeConfig.class);
        context.addApplicationListener((ApplicationListener<AbstractLeaderEvent>) event ->
                events.add(label + ":" + (event instanceof OnGrantedEvent ? "granted" : "revoked")));
        context.refresh();
        return context;
    }

    private static boolean leads(AnnotationConfigApplicationContext node) {
        return node.getBean(LockRegistryLeaderInitiator.class).getContext().isLeader();
    }

    @Test
    void exactlyOneLeaderAndLeadershipMovesWhenTheLeaderStops() {
        Queue<String> events = new ConcurrentLinkedQueue<>();
        try (AnnotationConfigApplicationContext nodeA = node(a, events, "a");
             AnnotationConfigApplicationContext nodeB = node(b, events, "b")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> leads(nodeA) || leads(nodeB));
            // Exactly one, and it stays that way while both run (the leader's heartbeat re-enters its lock).
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> leads(nodeA) != leads(nodeB));
            AnnotationConfigApplicationContext leader = leads(nodeA) ? nodeA : nodeB;
            AnnotationConfigApplicationContext follower = leader == nodeA ? nodeB : nodeA;
            String leaderLabel = leader == nodeA ? "a" : "b";
            String followerLabel = leader == nodeA ? "b" : "a";
            assertEquals(List.of(leaderLabel + ":granted"), List.copyOf(events));

            leader.getBean(LockRegistryLeaderInitiator.class).stop();

            await().atMost(Duration.ofSeconds(20)).until(() -> leads(follower));
            assertFalse(leads(leader));
            await().atMost(Duration.ofSeconds(5)).until(() -> events.contains(leaderLabel + ":revoked"));
            assertTrue(events.contains(followerLabel + ":granted"), events.toString());
        }
    }
}
