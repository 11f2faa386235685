package io.leasehold.hazelcast;

import io.leasehold.LeaseLock;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An instance keeps its own time on the clock it is given ({@link LeaseholdSettings.Builder#nanoClock}):
 * a wait ends when that clock says so, not the machine's. The clock starts a minute before the top of
 * the range of long, so every deadline on it wraps around.
 */
class InstanceClockTest {

    private static TestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = new TestCluster(1);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void aWaitEndsWhenTheInstancesClockSaysSo() throws Exception {
        AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - TimeUnit.MINUTES.toNanos(1));
        LeaseholdSettings manual = LeaseholdSettings.builder().nanoClock(nanos::get).build();
        String name = "instance-clock-" + System.identityHashCode(this);
        try (Leasehold holder = HazelcastLeasehold.create(cluster.first());
             Leasehold waiter = HazelcastLeasehold.create(cluster.first(), manual);
             LockHandle held = holder.lock(name).tryLock().orElseThrow()) {
            LeaseLock lock = waiter.lock(name);
            CompletableFuture<Optional<LockHandle>> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return lock.tryLock(Duration.ofSeconds(1));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            // A second of the machine's time goes by, and more: the instance's clock has not moved.
            await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5)).until(() -> !waiting.isDone());

            nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
            Optional<LockHandle> outcome = waiting.get(10, TimeUnit.SECONDS);
            assertFalse(outcome.isPresent(), "the lock is still held: the wait ends empty once its clock has run");
            assertTrue(held.isValid(), "the holder, on the machine's clock, still holds the lock");
        }
    }
}
