package io.leasehold.hazelcast.internal;

import io.vavr.control.Either;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The lock state machine with plain numbers for time, including clocks at awkward values. */
class LockDecisionsTest {

    private static final long TAG_A = 11;
    private static final long TAG_B = 22;

    private static LockDecisions.AcquireRequest req(long hold, long lease, long tag, long wait) {
        return new LockDecisions.AcquireRequest(hold, lease, tag, 1_000, wait, 0);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1_700_000_000_000L, Long.MAX_VALUE - 60_000, Long.MAX_VALUE, Long.MIN_VALUE, -1})
    void firstGrantStartsFromClockAndNeverOverflows(long now) {
        LockDecisions.Granted g = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), now).get();
        assertTrue(g.fence() > 0, "fence " + g.fence());
        assertEquals(LockDecisions.initialFence(now) + 1, g.fence());
        assertTrue(g.changed());
        LockRecord released = LockDecisions.release(g.next(), 1, now).get();
        LockDecisions.Granted again = LockDecisions.acquire(released, req(2, 100, TAG_A, 0), now).get();
        assertEquals(g.fence() + 1, again.fence());
    }

    @Test
    void freshRecordFenceGrowsWithTheClock() {
        assertTrue(LockDecisions.initialFence(2_000) > LockDecisions.initialFence(1_000) + 1_000);
        assertEquals(LockDecisions.initialFence(Long.MAX_VALUE), LockDecisions.initialFence(Long.MAX_VALUE - 1));
        assertTrue(LockDecisions.initialFence(Long.MAX_VALUE) < Long.MAX_VALUE / 2);
    }

    @Test
    void heldLockRefusesOthersWithoutChange() {
        LockRecord held = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), 10).get().next();
        Either<LockDecisions.Refused, LockDecisions.Granted> r = LockDecisions.acquire(held, req(2, 200, TAG_B, 0), 20);
        assertTrue(r.isLeft());
        assertFalse(r.getLeft().changed());
        assertFalse(r.getLeft().queued());
        assertSame(held, r.getLeft().next());
    }

    @Test
    void retryOfTheSameAcquireIsIdempotent() {
        LockRecord held = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), 10).get().next();
        LockDecisions.Granted again = LockDecisions.acquire(held, req(1, 100, TAG_A, 0), 11).get();
        assertFalse(again.changed());
        assertEquals(held.fence(), again.fence());
    }

    @Test
    void holderPastItsTtlIsSuspect() {
        LockRecord held = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), Long.MAX_VALUE - 5_000).get().next();
        assertFalse(LockDecisions.acquire(held, req(2, 200, TAG_B, 0), Long.MAX_VALUE - 4_500).getLeft().suspect());
        assertTrue(LockDecisions.acquire(held, req(2, 200, TAG_B, 0), Long.MAX_VALUE - 4_000).getLeft().suspect());
        assertTrue(LockDecisions.acquire(held, req(2, 200, TAG_B, 0), Long.MAX_VALUE).getLeft().suspect());
    }

    @Test
    void releaseHandsTheLockToTheFirstLiveWaiterInOrder() {
        LockRecord rec = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), 0).get().next();
        rec = LockDecisions.acquire(rec, req(2, 200, TAG_B, 50), 10).getLeft().next();   // gives up at 60
        rec = LockDecisions.acquire(rec, req(3, 300, TAG_B, 1_000), 20).getLeft().next();
        rec = LockDecisions.acquire(rec, req(4, 400, TAG_A, 1_000), 30).getLeft().next();
        assertEquals(3, rec.waiters().size());
        long fence = rec.fence();

        LockRecord next = LockDecisions.release(rec, 1, 100).get();   // waiter 2 gave up at 60
        assertEquals(3, next.holderHold());
        assertEquals(300, next.holderLease());
        assertEquals(fence + 1, next.fence());
        assertEquals(TAG_B, next.getHandoffTag());
        assertEquals(List.of(4L), next.waiters().stream().map(Waiter::holdId).toList());

        LockRecord last = LockDecisions.release(next, 3, 200).get();
        assertEquals(4, last.holderHold());
        assertEquals(TAG_A, last.getHandoffTag());
        LockRecord free = LockDecisions.release(last, 4, 300).get();
        assertFalse(free.isHeld());
        assertTrue(free.waiters().isEmpty());
        assertEquals(fence + 2, free.fence());
    }

    @Test
    void releaseByANonHolderIsRefused() {
        LockRecord rec = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), 0).get().next();
        assertTrue(LockDecisions.release(rec, 99, 1).isLeft());
        assertTrue(LockDecisions.release(null, 1, 1).isLeft());
        LockRecord free = LockDecisions.release(rec, 1, 1).get();
        assertTrue(LockDecisions.release(free, 99, 2).isLeft());
    }

    @Test
    void retriedReleaseIsRecognisedAsDoneAndChangesNothing() {
        LockRecord rec = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), 0).get().next();
        LockRecord free = LockDecisions.release(rec, 1, 1).get();
        assertSame(free, LockDecisions.release(free, 1, 2).get());
        LockRecord taken = LockDecisions.acquire(free, req(2, 200, TAG_B, 0), 3).get().next();
        assertSame(taken, LockDecisions.release(taken, 1, 4).get(), "a late retry must not free the new hold");
        assertEquals(2, taken.holderHold());
    }

    @Test
    void releaseOfALeaseByRevokeIsNotMistakenForTheHoldersOwnRelease() {
        LockRecord rec = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), 0).get().next();
        LockRecord revoked = LockDecisions.releaseLeases(rec, Set.of(100L), 1).get();
        assertTrue(LockDecisions.release(revoked, 1, 2).isLeft());
    }

    @Test
    void releasingLeasesFreesTheirHoldsAndDropsTheirWaiters() {
        LockRecord rec = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), 0).get().next();
        rec = LockDecisions.acquire(rec, req(2, 100, TAG_A, 1_000), 1).getLeft().next();
        rec = LockDecisions.acquire(rec, req(3, 300, TAG_B, 1_000), 2).getLeft().next();
        LockRecord after = LockDecisions.releaseLeases(rec, Set.of(100L), 3).get();
        assertEquals(3, after.holderHold(), "lease 100's waiter must be skipped, not handed the lock");
        assertTrue(after.waiters().isEmpty());
        assertTrue(LockDecisions.releaseLeases(after, Set.of(999L), 4).isEmpty());
    }

    @Test
    void acquireClearsAHolderWhoseLeaseIsKnownDead() {
        LockRecord rec = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), 0).get().next();
        LockDecisions.AcquireRequest clearing = new LockDecisions.AcquireRequest(2, 200, TAG_B, 1_000, 0, 100);
        LockDecisions.Granted g = LockDecisions.acquire(rec, clearing, 5_000).get();
        assertEquals(2, g.next().holderHold());
        assertEquals(rec.fence() + 1, g.fence());
        // Clearing a lease that is not the holder changes nothing.
        LockDecisions.AcquireRequest wrong = new LockDecisions.AcquireRequest(3, 300, TAG_B, 1_000, 0, 777);
        assertTrue(LockDecisions.acquire(g.next(), wrong, 5_001).isLeft());
    }

    @Test
    void cancelLeavesTheQueueOrReportsTheHandoff() {
        LockRecord rec = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), 0).get().next();
        rec = LockDecisions.acquire(rec, req(2, 200, TAG_B, 1_000), 1).getLeft().next();
        assertTrue(LockDecisions.cancel(rec, 2).get().get().waiters().isEmpty());
        assertTrue(LockDecisions.cancel(rec, 42).get().isEmpty());
        LockRecord handed = LockDecisions.release(rec, 1, 2).get();
        assertEquals(handed.fence(), LockDecisions.cancel(handed, 2).getLeft());
    }

    @Test
    void waitUntilSaturatesNearTheEndOfTime() {
        LockRecord rec = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), Long.MAX_VALUE - 10).get().next();
        rec = LockDecisions.acquire(rec, req(2, 200, TAG_B, Long.MAX_VALUE), Long.MAX_VALUE - 5).getLeft().next();
        assertEquals(Long.MAX_VALUE, rec.waiters().get(0).waitUntil());
        LockRecord handed = LockDecisions.release(rec, 1, Long.MAX_VALUE - 1).get();
        assertEquals(2, handed.holderHold());
    }
}
