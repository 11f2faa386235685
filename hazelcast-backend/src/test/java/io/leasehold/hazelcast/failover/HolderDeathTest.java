package io.leasehold.hazelcast.failover;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.LeaseSemaphore;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdSettings;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A holder of semaphore permits and of a read hold dies with its member (terminated, no goodbye):
 * everything it held comes back within its session's TTL plus the revoke lag, and the waiters get it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HolderDeathTest {

    private static final Duration SESSION_TTL = Duration.ofSeconds(2);
    /** TTL, a take-over's grace and the revoke lag, with room for a loaded 2-core machine. */
    private static final long BOUND_SECONDS = 30;

    @Test
    void permitsAndReadHoldsOfAHolderKilledWithItsMemberComeBackToTheWaiters() throws Exception {
        String sem = "death-sem-" + UUID.randomUUID();
        String rw = "death-rw-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (TestCluster cluster = new TestCluster(3)) {
            HazelcastInstance doomed = cluster.last();
            Leasehold holder = HazelcastLeasehold.create(doomed,
                    LeaseholdSettings.builder().sessionTtl(SESSION_TTL).build());
            Leasehold waiter = HazelcastLeasehold.create(cluster.first());
            try {
                LeaseSemaphore s = holder.semaphore(sem);
                s.init(3);
                long heldFence = s.tryAcquire(3).orElseThrow();
                LockHandle read = holder.readWriteLock(rw).tryLockShared().orElseThrow();

                Future<OptionalLong> permits = pool.submit(
                        () -> waiter.semaphore(sem).tryAcquire(2, Duration.ofSeconds(BOUND_SECONDS)));
                Future<Optional<LockHandle>> writer = pool.submit(
                        () -> waiter.readWriteLock(rw).tryLockExclusive(Duration.ofSeconds(BOUND_SECONDS)));
                cluster.kill(doomed);

                long got = permits.get(BOUND_SECONDS + 5, TimeUnit.SECONDS).orElseThrow(
                        () -> new AssertionError("the permits of the dead holder did not come back"));
                LockHandle w = writer.get(BOUND_SECONDS + 5, TimeUnit.SECONDS).orElseThrow(
                        () -> new AssertionError("the read hold of the dead holder did not end"));
                assertTrue(got > heldFence);
                assertTrue(w.fence() > read.fence());
                assertEquals(1, waiter.semaphore(sem).availablePermits());
                w.unlock();
            } finally {
                waiter.close();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
