package io.leasehold.fencedlock;

import io.leasehold.FenceChecker;
import io.leasehold.Leasehold;
import io.leasehold.LockNotHeldException;
import io.leasehold.ReentrantLeaseLock;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.testkit.TwoLeaseholds;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** {@code LeaseLock.asLock()}, the java.util.concurrent view, on two real members under contention. */
class LockViewContentionTest extends TwoLeaseholds {

    @Test
    void threadsOfTwoProcessesIncrementACounterWithoutLostUpdates() throws Exception {
        String name = "counter-" + UUID.randomUUID();
        // One view per process, shared by its threads, as one would share a ReentrantLock.
        List<ReentrantLeaseLock> views = List.of(a.lock(name).asLock(), b.lock(name).asLock());
        int threadsPerProcess = 3;
        int rounds = 20;
        long[] counter = {0}; // unsynchronized on purpose: only the lock protects it
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        FenceChecker resource = new FenceChecker();
        ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerProcess);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (ReentrantLeaseLock view : views) {
                for (int t = 0; t < threadsPerProcess; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        Lock lock = view;
                        for (int i = 0; i < rounds; i++) {
                            if (thread == 0) {
                                assertTrue(lock.tryLock(30, TimeUnit.SECONDS));
                            } else {
                                lock.lock();
                            }
                            try {
                                if (inside.incrementAndGet() > 1) {
                                    overlaps.incrementAndGet();
                                }
                                lock.lock(); // re-entrant: counts up, no second cluster hold
                                try {
                                    assertEquals(2, view.getHoldCount());
                                    resource.accept(name, view.fence());
                                    long seen = counter[0];
                                    Thread.yield();
                                    counter[0] = seen + 1;
                                } finally {
                                    lock.unlock();
                                }
                                inside.decrementAndGet();
                            } finally {
                                lock.unlock();
                            }
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : done) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, overlaps.get(), "two threads in the critical section at once");
        synchronized (counter) {
            assertEquals(2L * threadsPerProcess * rounds, counter[0], "lost updates");
        }
        assertTrue(a.lock(name).holder().isEmpty());
    }

    @Test
    void unlockByAnotherThreadAndConditionsAreRefused() throws Exception {
        ReentrantLeaseLock lock = a.lock("view-" + UUID.randomUUID()).asLock();
        lock.lock();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Future<?> unlock = other.submit(lock::unlock);
            Exception e = assertThrows(Exception.class, () -> unlock.get(20, TimeUnit.SECONDS));
            assertInstanceOf(IllegalMonitorStateException.class, e.getCause());
            assertFalse(other.submit(() -> lock.tryLock()).get(20, TimeUnit.SECONDS));
        } finally {
            other.shutdownNow();
        }
        UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class, lock::newCondition);
        assertTrue(refused.getMessage().contains(lock.name()));
        lock.unlock();
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
    }

    @Test
    void aLostHoldRefusesReentryAndItsLastUnlockSaysSo() {
        try (Leasehold c = HazelcastLeasehold.create(cluster.members.get(0))) {
            ReentrantLeaseLock lock = c.lock("lost-view-" + UUID.randomUUID()).asLock();
            lock.lock();
            long session = c.sessionLeaseId().orElseThrow();
            b.lessor().revoke(session);
            await().atMost(Duration.ofSeconds(10)).until(() -> !lock.isHeldByCurrentThread());
            assertThrows(LockNotHeldException.class, lock::lock, "re-entry into a lost hold");
            assertEquals(1, lock.getHoldCount(), "the count is left for the unlock to balance");
            assertThrows(LockNotHeldException.class, lock::unlock, "the last unlock reports the loss");
            assertEquals(0, lock.getHoldCount());
        }
    }
}
