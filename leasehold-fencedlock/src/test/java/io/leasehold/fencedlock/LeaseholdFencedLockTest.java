package io.leasehold.fencedlock;

import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.cp.lock.exception.LockOwnershipLostException;
import com.hazelcast.spi.exception.DistributedObjectDestroyedException;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.testkit.TwoLeaseholds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.hazelcast.cp.lock.FencedLock.INVALID_FENCE;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The behaviours Hazelcast's own {@link FencedLock} documentation describes, run on two real members
 * with a Leasehold instance each (the second standing in for another process).
 */
class LeaseholdFencedLockTest extends TwoLeaseholds {

    private ExecutorService otherThread;

    @BeforeAll
    void startOtherThread() {
        otherThread = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    void stopOtherThreadAndForgetLocks() {
        otherThread.shutdownNow();
        LeaseholdFencedLocks.forget(a);
        LeaseholdFencedLocks.forget(b);
    }

    private <T> T onOtherThread(java.util.concurrent.Callable<T> call) throws Throwable {
        try {
            return otherThread.submit(call).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    @Test
    void reentrantAcquireReturnsTheSameFenceAndTheNextHolderALargerOne() {
        FencedLock lock = LeaseholdFencedLocks.get(a, unique("doc"));
        // From the lockAndGetFence() documentation, verbatim.
        long fence1 = lock.lockAndGetFence(); // (1)
        long fence2 = lock.lockAndGetFence(); // (2)
        assertEquals(fence1, fence2);
        assertEquals(2, lock.getLockCount());
        lock.unlock();
        lock.unlock();
        long fence3 = lock.lockAndGetFence(); // (3)
        assertTrue(fence3 > fence1);
        lock.unlock();

        // The same for tryLockAndGetFence() and tryLockAndGetFence(time, unit).
        long t1 = lock.tryLockAndGetFence();
        long t2 = lock.tryLockAndGetFence(1, TimeUnit.SECONDS);
        assertEquals(t1, t2);
        assertTrue(t1 > fence3);
        assertTrue(lock.tryLock());
        assertEquals(3, lock.getLockCount());
        assertEquals(t1, lock.getFence());
        lock.unlock();
        lock.unlock();
        lock.unlock();
        assertFalse(lock.isLocked());
        assertEquals(0, lock.getLockCount());
    }

    @Test
    void sameObjectForTheSameNameAndInstance() {
        String name = unique("same");
        assertSame(LeaseholdFencedLocks.get(a, name), LeaseholdFencedLocks.get(a, name));
        assertNotSame(LeaseholdFencedLocks.get(a, name), LeaseholdFencedLocks.get(b, name));
    }

    @Test
    void onlyTheOwnerMayUnlockOrReadTheFence() throws Throwable {
        String name = unique("owner");
        FencedLock lock = LeaseholdFencedLocks.get(a, name);
        assertThrows(IllegalMonitorStateException.class, lock::unlock, "not held at all");
        assertThrows(IllegalMonitorStateException.class, lock::getFence, "not held at all");
        lock.lock();
        lock.lock();
        assertThrows(IllegalMonitorStateException.class, () -> onOtherThread(() -> {
            lock.unlock();
            return null;
        }));
        assertThrows(IllegalMonitorStateException.class, () -> onOtherThread(() -> lock.getFence()));
        assertFalse(onOtherThread(() -> lock.isLockedByCurrentThread()));
        assertTrue(onOtherThread(() -> lock.isLocked()));
        assertEquals(2, (int) onOtherThread(() -> lock.getLockCount()), "a holder in this JVM: its exact count");
        assertFalse(onOtherThread(() -> lock.tryLock()), "another thread of the same process is another owner");

        FencedLock elsewhere = LeaseholdFencedLocks.get(b, name);
        assertTrue(elsewhere.isLocked());
        assertFalse(elsewhere.isLockedByCurrentThread());
        assertEquals(1, elsewhere.getLockCount(), "a holder elsewhere counts as 1");
        assertEquals(INVALID_FENCE, elsewhere.tryLockAndGetFence());

        assertTrue(lock.isLockedByCurrentThread());
        lock.unlock();
        lock.unlock();
        assertFalse(lock.isLockedByCurrentThread());
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
    }

    @Test
    void tryLockWithTimeoutGivesUpOrGetsTheLockWhenReleased() throws Throwable {
        String name = unique("timeout");
        FencedLock mine = LeaseholdFencedLocks.get(a, name);
        FencedLock theirs = LeaseholdFencedLocks.get(b, name);
        long fence = mine.lockAndGetFence();
        assertFalse(theirs.tryLock(200, TimeUnit.MILLISECONDS));
        assertEquals(INVALID_FENCE, theirs.tryLockAndGetFence(200, TimeUnit.MILLISECONDS));
        assertFalse(theirs.tryLock(0, TimeUnit.SECONDS), "a time of zero does not wait");

        Future<Long> waiting = otherThread.submit(() -> theirs.tryLockAndGetFence(30, TimeUnit.SECONDS));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> a.lock(name).holder().orElseThrow().waiters() == 1);
        mine.unlock();
        long next = waiting.get(30, TimeUnit.SECONDS);
        assertTrue(next > fence, "handed to the waiter with a larger fence");
        assertTrue(onOtherThread(() -> theirs.isLockedByCurrentThread()));
        onOtherThread(() -> {
            theirs.unlock();
            return null;
        });
    }

    @Test
    void fencesGrowAcrossHoldersAndInstances() {
        String name = unique("monotonic");
        long last = INVALID_FENCE;
        for (int i = 0; i < 10; i++) {
            FencedLock lock = LeaseholdFencedLocks.get(i % 2 == 0 ? a : b, name);
            long fence = lock.lockAndGetFence();
            assertNotEquals(INVALID_FENCE, fence);
            assertTrue(fence > last, "fence " + fence + " after " + last);
            last = fence;
            lock.unlock();
        }
    }

    @Test
    void lostSessionMakesTheNextCallFailWithLockOwnershipLost() {
        try (Leasehold c = HazelcastLeasehold.create(cluster.members.get(0))) {
            String name = unique("lost");
            FencedLock lock = LeaseholdFencedLocks.get(c, name);

            // The JVM "pauses" past its session: here the session lease is revoked from elsewhere.
            long fence = lock.lockAndGetFence();
            long session = revokeSession(c);
            assertThrows(LockOwnershipLostException.class, lock::lock, "re-entrant lock after the loss");
            // The thread no longer owns it; the lock can be taken again, with a larger fence.
            assertFalse(lock.isLockedByCurrentThread());
            awaitNoticed(c, session);
            long again = lock.lockAndGetFence();
            assertTrue(again > fence);

            session = revokeSession(c);
            LockOwnershipLostException onFence = assertThrows(LockOwnershipLostException.class, lock::getFence);
            assertTrue(onFence.getMessage().contains(name), onFence.getMessage());
            assertThrows(IllegalMonitorStateException.class, lock::unlock, "reported once, then not owned");

            awaitNoticed(c, session);
            lock.lock();
            session = revokeSession(c);
            assertThrows(LockOwnershipLostException.class, lock::unlock);

            awaitNoticed(c, session);
            lock.lock();
            revokeSession(c);
            assertThrows(LockOwnershipLostException.class, lock::isLocked);
            assertFalse(lock.isLocked());
            LeaseholdFencedLocks.forget(c);
        }
    }

    /** Revokes {@code leasehold}'s session lease from the other instance, as a member would on expiry. */
    private long revokeSession(Leasehold leasehold) {
        long session = leasehold.sessionLeaseId().orElseThrow();
        b.lessor().revokeAndWait(session);
        return session;
    }

    /** Waits until {@code leasehold} has heard its session {@code revoked} is gone (it is told by an event). */
    private static void awaitNoticed(Leasehold leasehold, long revoked) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> leasehold.sessionLeaseId().orElse(0) != revoked);
    }

    @Test
    void lockIgnoresInterruptsAndRestoresTheStatus() {
        FencedLock lock = LeaseholdFencedLocks.get(a, unique("interrupt"));
        Thread.currentThread().interrupt();
        try {
            lock.lock();
            assertTrue(Thread.currentThread().isInterrupted(), "interrupt status kept");
            assertTrue(lock.isLockedByCurrentThread());
        } finally {
            Thread.interrupted();
        }
        lock.unlock();
        assertThrows(InterruptedException.class, () -> {
            Thread.currentThread().interrupt();
            lock.lockInterruptibly();
        });
        assertFalse(lock.isLocked(), "nothing held after an interrupted lockInterruptibly");
    }

    @Test
    void distributedObjectMethodsConditionAndDestroy() {
        String name = unique("object");
        FencedLock lock = LeaseholdFencedLocks.get(a, name);
        assertEquals(name, lock.getName());
        assertEquals(name, lock.getPartitionKey());
        assertEquals(LeaseholdFencedLock.SERVICE_NAME, lock.getServiceName());
        assertEquals(LeaseholdFencedLocks.GROUP_NAME, lock.getGroupId().getName());
        UnsupportedOperationException condition = assertThrows(UnsupportedOperationException.class, lock::newCondition);
        assertTrue(condition.getMessage().contains(name));

        long fence = lock.lockAndGetFence();
        lock.destroy();
        assertThrows(DistributedObjectDestroyedException.class, lock::lock);
        assertFalse(LeaseholdFencedLocks.get(b, name).isLocked(), "destroy released the hold taken through it");
        FencedLock fresh = LeaseholdFencedLocks.get(a, name);
        assertNotSame(lock, fresh);
        assertTrue(fresh.lockAndGetFence() > fence, "the fence sequence survives destroy");
        fresh.unlock();
    }
}
