package io.leasehold.hazelcast.settle;

import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 11: a holder cut off from the cluster hears that it may have lost its lock before another
 * instance gets it — every round, with 1 s and 3 s sessions.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LapseBeforeTakeoverTest {

    @Test
    void oneSecondSessionsTenRounds() throws Exception {
        rounds(Duration.ofSeconds(1), 10);
    }

    @Test
    void threeSecondSessionsFourRounds() throws Exception {
        rounds(Duration.ofSeconds(3), 4);
    }

    private static void rounds(Duration ttl, int rounds) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        List<String> late = new ArrayList<>();
        try (ProxiedCluster c = new ProxiedCluster(); Leasehold waiter = HazelcastLeasehold.create(c.member)) {
            for (int round = 0; round < rounds; round++) {
                String name = "lapse-" + ttl.toMillis() + "-" + round;
                AtomicLong heardAt = new AtomicLong();
                Leasehold holder = HazelcastLeasehold.create(c.client, LeaseholdSettings.builder().sessionTtl(ttl).build());
                holder.addLockLostListener((lock, fence, leaseId, reason) -> heardAt.compareAndSet(0, System.nanoTime()));
                LockHandle held = holder.lock(name).tryLock().orElseThrow();
                Future<Optional<LockHandle>> taking = pool.submit(() -> {
                    Optional<LockHandle> got = waiter.lock(name).tryLock(Duration.ofSeconds(60));
                    return got;
                });
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> waiter.lock(name).holder().map(h -> h.waiters() == 1).orElse(false));
                c.proxy.cut();
                LockHandle taken = taking.get(60, TimeUnit.SECONDS).orElseThrow();
                long takenAt = System.nanoTime();
                assertTrue(taken.fence() > held.fence());
                if (heardAt.get() == 0 || heardAt.get() - takenAt > 0) {
                    late.add("round " + round + ": " + (heardAt.get() == 0 ? "never heard"
                            : "heard " + (heardAt.get() - takenAt) / 1_000_000 + " ms after the takeover"));
                }
                assertFalse(held.isValid());
                taken.unlock();
                c.proxy.restore();
                holder.close();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), late);
    }
}
