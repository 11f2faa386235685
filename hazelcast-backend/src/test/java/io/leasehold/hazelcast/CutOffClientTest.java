package io.leasehold.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.LeaseListener;
import io.leasehold.LeaseLock;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.LockNotHeldException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A client cut off from the cluster (its only route to the member is cut, the member keeps running)
 * learns it may have lost its locks before any member could revoke its lease; the lease then expires
 * on the member and its locks are freed; after it reconnects, a new session works and old handles
 * stay invalid, saying why.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CutOffClientTest {

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void cutOffClientHearsFirstThenTheClusterFreesItsLocksThenANewSessionWorks() throws Exception {
        String clusterName = "leasehold-cutoff-" + UUID.randomUUID();
        try (LoopbackProxy proxy = new LoopbackProxy()) {
            // The member advertises the proxy, so the client reaches it only through the proxy.
            Config config = LeaseholdConfig.localMemberConfig(clusterName, TestCluster.testSettings());
            int memberPort = freePort();
            config.getNetworkConfig().setPort(memberPort).setPortAutoIncrement(false)
                    .setPublicAddress("127.0.0.1:" + proxy.port());
            HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
            proxy.forwardTo(memberPort);
            HazelcastInstance client = HazelcastClient.newHazelcastClient(
                    LeaseholdConfig.localClientConfig(clusterName, "127.0.0.1:" + proxy.port()));
            LeaseholdSettings settings = LeaseholdSettings.builder().sessionTtl(Duration.ofMillis(6_000))
                    // A wide margin: this JVM also runs the member, so a long pause delays both sides.
                    .safetyMargin(0.4).build();
            try (Leasehold cut = HazelcastLeasehold.create(client, settings);
                 Leasehold other = HazelcastLeasehold.create(member)) {
                List<String> lost = new CopyOnWriteArrayList<>();
                AtomicLong heardAt = new AtomicLong();
                AtomicLong endedAt = new AtomicLong();
                cut.addLockLostListener((name, fence, leaseId, reason) -> {
                    heardAt.compareAndSet(0, System.nanoTime());
                    lost.add(name + ": " + reason);
                });
                LeaseLock lock = cut.lock("cut-off");
                LockHandle handle = lock.tryLock().orElseThrow();
                long session = handle.leaseId();
                other.lessor().addLeaseListener((leaseId, reason) -> {
                    if (leaseId == session && reason == LeaseListener.Reason.EXPIRED) {
                        endedAt.compareAndSet(0, System.nanoTime());
                    }
                });

                proxy.cut();
                await().atMost(Duration.ofSeconds(10)).until(() -> !lost.isEmpty());
                assertFalse(handle.isValid());
                await().atMost(Duration.ofSeconds(10)).until(() -> endedAt.get() != 0);
                assertEquals(1, lost.size(), lost.toString());
                assertTrue(endedAt.get() - heardAt.get() > 0, "the holder must hear before the member revokes its lease,"
                        + " heard " + (endedAt.get() - heardAt.get()) / 1_000_000 + " ms before");
                LockHandle taken = other.lock("cut-off").tryLock().orElseThrow();
                assertTrue(taken.fence() > handle.fence());
                taken.unlock();

                proxy.restore();
                LockHandle again = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> lock.tryLock().orElse(null), h -> h != null);
                assertNotEquals(session, again.leaseId(), "a new session after reconnecting");
                assertTrue(again.isValid());
                again.unlock();

                assertFalse(handle.isValid());
                LockNotHeldException e = assertThrows(LockNotHeldException.class, handle::unlock);
                assertTrue(e.getMessage().contains("no renewal"), e.getMessage());
            } finally {
                client.shutdown();
                member.getLifecycleService().terminate();
            }
        }
    }
}
