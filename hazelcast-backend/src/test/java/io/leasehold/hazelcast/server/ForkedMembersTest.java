package io.leasehold.hazelcast.server;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Members as separate JVMs started with the launcher, a client in this JVM: locks work, a member
 * killed outright does not take a held lock with it, and SIGTERM stops a member cleanly.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ForkedMembersTest {

    @Test
    void clientOnForkedMembersKeepsItsLockThroughAKillAndMembersStopOnSigterm() throws Exception {
        String cluster = "leasehold-forked-" + UUID.randomUUID();
        List<ForkedMember> members = new ArrayList<>();
        HazelcastInstance client = null;
        try {
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ForkedMember member = ForkedMember.start("--cluster-name", cluster, "--min-ttl-ms", "100");
                members.add(member);
                addresses.add("127.0.0.1:" + member.awaitPort(60, TimeUnit.SECONDS));
            }
            client = HazelcastClient.newHazelcastClient(
                    LeaseholdConfig.localClientConfig(cluster, addresses.toArray(String[]::new)));
            HazelcastInstance connected = client;
            await().atMost(Duration.ofSeconds(30)).until(() -> connected.getCluster().getMembers().size() == 3);

            try (Leasehold leasehold = HazelcastLeasehold.create(client)) {
                String name = "forked";
                LockHandle held = leasehold.lock(name).tryLock().orElseThrow();
                // The client learns the partition table a moment after it connects: wait for the owner.
                int ownerPort = await().atMost(Duration.ofSeconds(30)).until(
                        () -> connected.getPartitionService().getPartition(name).getOwner(), Objects::nonNull)
                        .getAddress().getPort();
                ForkedMember owner = members.get(addresses.indexOf("127.0.0.1:" + ownerPort));
                owner.process.destroyForcibly();
                assertTrue(owner.process.waitFor(30, TimeUnit.SECONDS));
                await().atMost(Duration.ofSeconds(60)).until(() -> connected.getCluster().getMembers().size() == 2);

                assertEquals(held.fence(), await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> leasehold.lock(name).holder().orElseThrow().fence(), f -> f > 0));
                assertTrue(held.isValid());
                held.unlock();
                LockHandle next = leasehold.lock(name).tryLock().orElseThrow();
                assertTrue(next.fence() > held.fence());

                // SIGTERM: the member hands its partitions over before it stops, so nothing is lost.
                int nextOwnerPort = await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(
                        () -> connected.getPartitionService().getPartition(name).getOwner().getAddress().getPort(),
                        port -> port > 0);
                ForkedMember nextOwner = members.get(addresses.indexOf("127.0.0.1:" + nextOwnerPort));
                nextOwner.process.destroy();
                assertTrue(nextOwner.process.waitFor(60, TimeUnit.SECONDS), "member did not stop on SIGTERM");
                assertTrue(List.of(0, 143).contains(nextOwner.process.exitValue()), nextOwner.finalOutput());
                await().atMost(Duration.ofSeconds(30)).until(() -> connected.getCluster().getMembers().size() == 1);
                assertEquals(next.fence(), leasehold.lock(name).holder().orElseThrow().fence());
                next.unlock();
            }
        } finally {
            if (client != null) {
                client.shutdown();
            }
            for (ForkedMember member : members) {
                member.close();
            }
        }
    }
}
