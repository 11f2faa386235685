package io.leasehold.fencedlock;

import io.leasehold.LeaseLock;
import io.leasehold.LeaseNotFoundException;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.LockNotHeldException;
import io.leasehold.testkit.TwoLeaseholds;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The contract of {@link LeaseLock#tryLock(Duration, Duration)}: a lock held under a lease of its own
 * that is not kept alive, freed by the cluster after {@code leaseTime} unless unlocked first. Each
 * subclass says how the lock is taken.
 */
abstract class LockWithLeaseTimeContract extends TwoLeaseholds {

    /** Takes {@code lock} under a lease of its own of {@code leaseTime}, waiting up to {@code wait}. */
    abstract Optional<LockHandle> tryLock(Leasehold leasehold, LeaseLock lock, Duration wait, Duration leaseTime)
            throws InterruptedException;

    @Test
    void heldUnderALeaseOfItsOwnThatFreesTheLockWhenNotUnlocked() throws Exception {
        String name = unique("expires");
        LockHandle hold = tryLock(a, a.lock(name), Duration.ZERO, Duration.ofMillis(800)).orElseThrow();
        assertNotEquals(a.sessionLeaseId().orElse(0), hold.leaseId(), "not the session lease");
        assertEquals(hold.leaseId(), b.lessor().leaseOf(name).orElseThrow());
        assertEquals(Duration.ofMillis(800), b.lessor().timeToLive(hold.leaseId()).grantedTtl());

        // Nobody renews it: the lease expires on its owner and another process gets the lock.
        LockHandle next = b.lock(name).tryLock(Duration.ofSeconds(20)).orElseThrow();
        assertTrue(next.fence() > hold.fence());
        // The lease record itself goes with the revoker's next pass (a lock may be cleared a little before).
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try {
                b.lessor().timeToLive(hold.leaseId());
                return false;
            } catch (LeaseNotFoundException gone) {
                return true;
            }
        });
        next.unlock();
        assertThrows(LockNotHeldException.class, hold::unlock, "the late holder learns it lost the lock");
    }

    @Test
    void unlockFreesTheLockAndEndsItsLease() throws Exception {
        String name = unique("unlock");
        LockHandle hold = tryLock(a, a.lock(name), Duration.ofSeconds(1), Duration.ofSeconds(30)).orElseThrow();
        hold.unlockAndWait();
        assertTrue(b.lock(name).holder().isEmpty());
        // The hold's own lease ends with it (revoked in the background once the release is confirmed).
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThrows(LeaseNotFoundException.class, () -> b.lessor().timeToLive(hold.leaseId())));
    }

    @Test
    void waitsOnlyAsLongAsAsked() throws Exception {
        String name = unique("wait");
        LockHandle theirs = b.lock(name).tryLock().orElseThrow();
        assertTrue(tryLock(a, a.lock(name), Duration.ofMillis(200), Duration.ofSeconds(30)).isEmpty());
        assertTrue(tryLock(a, a.lock(name), Duration.ZERO, Duration.ofSeconds(30)).isEmpty());
        theirs.unlock();
        LockHandle mine = tryLock(a, a.lock(name), Duration.ofSeconds(5), Duration.ofSeconds(30)).orElseThrow();
        assertTrue(mine.fence() > theirs.fence());
        mine.unlock();
    }

    @Test
    void badArgumentsAreRefused() {
        LeaseLock lock = a.lock(unique("bad"));
        assertThrows(IllegalArgumentException.class, () -> tryLock(a, lock, Duration.ofSeconds(-1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> tryLock(a, lock, Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> tryLock(a, lock, Duration.ZERO, Duration.ofDays(3650)));
        assertThrows(NullPointerException.class, () -> tryLock(a, lock, null, Duration.ofSeconds(1)));
        assertTrue(lock.holder().isEmpty(), "nothing changed");
    }
}
