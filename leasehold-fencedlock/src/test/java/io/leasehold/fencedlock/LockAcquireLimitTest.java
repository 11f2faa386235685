package io.leasehold.fencedlock;

import com.hazelcast.config.cp.FencedLockConfig;
import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.cp.lock.exception.LockAcquireLimitReachedException;
import io.leasehold.testkit.TwoLeaseholds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static com.hazelcast.cp.lock.FencedLock.INVALID_FENCE;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The lock acquire limit, as {@link FencedLockConfig} sets it for the CP lock and the
 * {@link FencedLock} documentation describes it, on two real members.
 */
class LockAcquireLimitTest extends TwoLeaseholds {

    @AfterAll
    void forgetLocks() {
        LeaseholdFencedLocks.forget(a);
        LeaseholdFencedLocks.forget(b);
    }

    @Test
    void aReentryPastTheLimitThrowsFromLockAndFailsATryLock() throws Exception {
        String name = unique("limited");
        FencedLock lock = LeaseholdFencedLocks.get(a, new FencedLockConfig(name, 2));
        long fence = lock.lockAndGetFence();
        assertEquals(fence, lock.lockAndGetFence());
        LockAcquireLimitReachedException e = assertThrows(LockAcquireLimitReachedException.class, lock::lock);
        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertThrows(LockAcquireLimitReachedException.class, lock::lockAndGetFence);
        assertThrows(LockAcquireLimitReachedException.class, lock::lockInterruptibly);
        assertFalse(lock.tryLock());
        assertEquals(INVALID_FENCE, lock.tryLockAndGetFence());
        assertFalse(lock.tryLock(1, TimeUnit.SECONDS));
        assertEquals(INVALID_FENCE, lock.tryLockAndGetFence(1, TimeUnit.SECONDS));
        assertEquals(2, lock.getLockCount(), "the refused re-entries counted nothing");
        assertEquals(fence, lock.getFence());
        lock.unlock();
        assertEquals(fence, b.lock(name).holder().orElseThrow().fence(), "still held once");
        lock.unlock();
        assertTrue(b.lock(name).holder().isEmpty(), "free after as many unlocks as acquires");
        assertNotEquals(INVALID_FENCE, lock.tryLockAndGetFence(), "the limit counts per hold");
        lock.unlock();
    }

    @Test
    void aNonReentrantLockRefusesTheOwnersSecondAcquire() {
        String name = unique("non-reentrant");
        FencedLock lock = LeaseholdFencedLocks.get(a, new FencedLockConfig(name).disableReentrancy());
        lock.lock();
        assertThrows(LockAcquireLimitReachedException.class, lock::lock);
        assertFalse(lock.tryLock());
        assertEquals(1, lock.getLockCount());
        lock.unlock();
        assertFalse(lock.isLocked());
    }

    @Test
    void theLimitIsTheConfigsAndConflictingConfigsAreRefused() {
        String name = unique("configured");
        LeaseholdFencedLock lock = LeaseholdFencedLocks.get(a, new FencedLockConfig(name, 3));
        assertEquals(3, lock.lockAcquireLimit());
        assertSame(lock, LeaseholdFencedLocks.get(a, name), "by name: the object as configured");
        assertSame(lock, LeaseholdFencedLocks.get(a, new FencedLockConfig(name, 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeaseholdFencedLocks.get(a, new FencedLockConfig(name, 1)));
        assertTrue(e.getMessage().contains(name) && e.getMessage().contains("3"), e.getMessage());
        assertEquals(3, lock.lockAcquireLimit(), "nothing changed");
        assertEquals(0, LeaseholdFencedLocks.get(a, unique("default")).lockAcquireLimit(), "no limit by default");
        // Another instance (another process) has its own objects: its own config applies there.
        assertEquals(1, LeaseholdFencedLocks.get(b, new FencedLockConfig(name, 1)).lockAcquireLimit());
    }
}
