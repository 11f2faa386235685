package io.leasehold;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@link ForwardingLockHandle}: everything comes from the wrapped hold unless a subclass adds to it. */
class ForwardingLockHandleTest {

    private final FakeLeaseLock lock = new FakeLeaseLock("inventory");

    /** A handle that adds nothing. */
    private static final class Plain extends ForwardingLockHandle {
        Plain(LockHandle delegate) {
            super(delegate);
        }
    }

    @Test
    void forwardsTheHoldsIdentityValidityAndRelease() {
        LockHandle hold = lock.tryLock(0xabcL).orElseThrow();
        ForwardingLockHandle handle = new Plain(hold);
        assertEquals("inventory", handle.lockName());
        assertEquals(hold.fence(), handle.fence());
        assertEquals(0xabcL, handle.leaseId());
        assertTrue(handle.isValid());
        assertEquals(hold.toString(), handle.toString());

        handle.unlock();
        assertFalse(hold.isValid(), "unlock reached the wrapped hold");
        assertFalse(handle.isValid());
        assertTrue(lock.holder().isEmpty());
        LockNotHeldException again = assertThrows(LockNotHeldException.class, handle::unlock);
        assertTrue(again.getMessage().contains("lock 'inventory'"), again.getMessage());
        handle.close(); // idempotent after unlock, as the wrapped hold is
    }

    @Test
    void closeForwardsAndALostHoldStillReportsTheLoss() {
        ForwardingLockHandle closed = new Plain(lock.tryLock().orElseThrow());
        closed.close();
        assertTrue(lock.holder().isEmpty());

        ForwardingLockHandle lost = new Plain(lock.tryLock().orElseThrow());
        lock.loseHold();
        assertFalse(lost.isValid());
        assertThrows(LockNotHeldException.class, lost::close);
    }

    @Test
    void aSubclassAddsToTheReleaseAndKeepsTheRest() {
        List<String> steps = new ArrayList<>();
        LockHandle hold = lock.tryLock().orElseThrow();
        ForwardingLockHandle handle = new ForwardingLockHandle(hold) {
            @Override
            public void unlock() {
                steps.add("before " + delegate().isValid());
                super.unlock();
                steps.add("after " + delegate().isValid());
            }
        };
        handle.unlock();
        assertEquals(List.of("before true", "after false"), steps);
        assertEquals(hold.fence(), handle.fence());
    }

    @Test
    void aNullDelegateIsRefused() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new Plain(null));
        assertEquals("delegate", e.getMessage());
    }
}
