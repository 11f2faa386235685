package io.leasehold.hazelcast.settle;

import io.leasehold.Leasehold;
import io.leasehold.LeaseholdUnavailableException;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdSettings;
import io.leasehold.hazelcast.internal.client.LeaseholdClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 11: a call cut off from the cluster settles. The session lives longer than the cut, so
 * nothing is freed by the session's expiry: whatever is freed was settled by the instance itself.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CutConnectionTest {

    private static final LeaseholdSettings LONG_SESSION = LeaseholdSettings.builder()
            .sessionTtl(Duration.ofSeconds(60)).build();

    @Test
    void anUnlockCutOffIsSettledOnceTheConnectionIsBackAndAnotherInstanceGetsTheLock() throws Exception {
        try (ProxiedCluster c = new ProxiedCluster();
             LeaseholdClient cut = (LeaseholdClient) HazelcastLeasehold.create(c.client, LONG_SESSION);
             Leasehold other = HazelcastLeasehold.create(c.member)) {
            LockHandle handle = cut.lock("cut-unlock").tryLock().orElseThrow();
            long session = handle.leaseId();
            c.proxy.cut();
            LeaseholdUnavailableException e = assertThrows(LeaseholdUnavailableException.class, handle::unlockAndWait);
            assertTrue(e.getMessage().contains("cut-unlock") && e.getMessage().contains("unlock() may be called again"),
                    e.getMessage());
            assertTrue(other.lock("cut-unlock").tryLock().isEmpty(), "still held while the release is unknown");
            c.proxy.restore();
            LockHandle taken = await().atMost(Duration.ofSeconds(30))
                    .until(() -> other.lock("cut-unlock").tryLock().orElse(null), h -> h != null);
            assertTrue(taken.fence() > handle.fence());
            assertEquals(session, cut.sessionLeaseId().orElseThrow(), "freed by settling, not by the session's end");
            assertEquals(0, cut.pendingSettlements());
            taken.unlock();
        }
    }

    @Test
    void aWaiterCutOffLeavesNoEntryAndTheNextInstanceGetsTheLock() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (ProxiedCluster c = new ProxiedCluster();
             LeaseholdClient cut = (LeaseholdClient) HazelcastLeasehold.create(c.client, LONG_SESSION);
             Leasehold holder = HazelcastLeasehold.create(c.member);
             Leasehold third = HazelcastLeasehold.create(c.member)) {
            LockHandle held = holder.lock("cut-wait").tryLock().orElseThrow();
            Future<Optional<LockHandle>> waiting = pool.submit(() -> cut.lock("cut-wait").tryLock(Duration.ofMinutes(1)));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> holder.lock("cut-wait").holder().map(h -> h.waiters() == 1).orElse(false));
            c.proxy.cut();
            // The waiter's own check cannot reach the cluster; its call gives up saying so.
            ExecutionException e = assertThrows(ExecutionException.class, () -> waiting.get(60, TimeUnit.SECONDS));
            assertInstanceOf(LeaseholdUnavailableException.class, e.getCause());
            c.proxy.restore();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> holder.lock("cut-wait").holder().map(h -> h.waiters() == 0).orElse(false));
            held.unlock();
            LockHandle next = await().atMost(Duration.ofSeconds(10))
                    .until(() -> third.lock("cut-wait").tryLock().orElse(null), h -> h != null);
            assertTrue(next.fence() > held.fence());
            next.unlock();
            await().atMost(Duration.ofSeconds(10)).until(() -> cut.pendingSettlements() == 0);
        } finally {
            pool.shutdownNow();
        }
    }
}
