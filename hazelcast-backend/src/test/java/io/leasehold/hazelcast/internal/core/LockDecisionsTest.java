package io.leasehold.hazelcast.internal.core;

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
        assertEquals(Math.max(1, LockDecisions.initialFence(now)), g.fence());
        assertTrue(g.changed());
        LockRecord released = LockDecisions.release(g.next(), 1, now).get();
        LockDecisions.Granted again = LockDecisions.acquire(released, req(2, 100, TAG_A, 0), now).get();
        assertEquals(g.fence() + 1, again.fence());
    }

    @Test
    void endedLeasesNamesTheHolderAndTheWaitersWhoseLeasesEndedAndNoOther() {
        LockRecord held = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), 10).get().next();
        LockRecord queued = LockDecisions.acquire(held, req(2, 200, TAG_B, 5_000), 11).getLeft().next();
        queued = LockDecisions.acquire(queued, req(3, 300, TAG_B, 5_000), 12).getLeft().next();
        assertEquals(Set.of(100L, 300L), LockDecisions.endedLeases(queued, id -> id == 100 || id == 300 || id == 999));
        assertEquals(Set.of(), LockDecisions.endedLeases(queued, id -> false));
        assertEquals(Set.of(), LockDecisions.endedLeases(null, id -> true));
        // Freed together: the lock goes to the one live waiter, not to the one whose lease ended.
        LockRecord freed = LockDecisions.releaseLeases(queued, Set.of(100L, 300L), 13).get();
        assertEquals(2, freed.holderHold());
        assertEquals(List.of(), freed.waiters());
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
        assertTrue(next.fence() > fence);
        assertEquals(TAG_B, next.holderTag());
        assertEquals(List.of(4L), next.waiters().stream().map(Waiter::holdId).toList());

        LockRecord last = LockDecisions.release(next, 3, 200).get();
        assertEquals(4, last.holderHold());
        assertEquals(TAG_A, last.holderTag());
        assertTrue(last.fence() > next.fence());
        LockRecord free = LockDecisions.release(last, 4, 300).get();
        assertFalse(free.isHeld());
        assertTrue(free.waiters().isEmpty());
        assertEquals(last.fence(), free.fence(), "a release without a waiter hands out no fence");
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
        assertTrue(g.fence() > rec.fence());
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

    @Test
    void everyGrantIsAboveTheLastFenceAndTheClock() {
        LockRecord rec = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), 5_000).get().next();
        assertEquals(LockDecisions.initialFence(5_000), rec.fence());
        // A clock that went back still gets a higher fence.
        LockRecord free = LockDecisions.release(rec, 1, 4_000).get();
        LockRecord again = LockDecisions.acquire(free, req(2, 100, TAG_A, 0), 4_000).get().next();
        assertEquals(rec.fence() + 1, again.fence());
    }

    @Test
    void anIdleRecordIsRemovableOnlyOnceARecreatedOneWouldStartAboveIt() {
        long t = 1_700_000_000_000L;
        LockRecord held = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), t).get().next();
        LockRecord free = LockDecisions.release(held, 1, t + 10).get();
        assertTrue(LockDecisions.idle(free));
        assertFalse(LockDecisions.removable(held, t + 10_000, 2_000), "held records stay");
        assertFalse(LockDecisions.removable(free, t + 1_999, 2_000));
        assertTrue(LockDecisions.removable(free, t + 2_001, 2_000));
        // Removed at t + 2001, created again by a member whose clock is 1 s behind: still above.
        long behind = t + 2_001 - 1_000;
        LockDecisions.Granted recreated = LockDecisions.acquire(null, req(2, 200, TAG_B, 0), behind).get();
        assertTrue(recreated.fence() > free.fence(), recreated.fence() + " > " + free.fence());
    }

    @Test
    void aRecordWithAWaiterIsNotIdle() {
        LockRecord rec = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), 0).get().next();
        rec = LockDecisions.acquire(rec, req(2, 200, TAG_B, 1_000), 1).getLeft().next();
        assertFalse(LockDecisions.idle(rec));
        assertFalse(LockDecisions.removable(rec, Long.MAX_VALUE, 0));
    }

    @Test
    void anEndedLeaseNeitherTakesNorQueues() {
        LockDecisions.Refused r = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), true, 10).getLeft();
        assertTrue(r.leaseEnded());
        assertFalse(r.next().isHeld());
        LockRecord held = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), 10).get().next();
        LockDecisions.Refused q = LockDecisions.acquire(held, req(2, 200, TAG_B, 1_000), true, 11).getLeft();
        assertTrue(q.next().waiters().isEmpty());
        assertFalse(q.queued());
    }

    @Test
    void standingTellsHolderQueuedOrAbsent() {
        LockRecord rec = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), 0).get().next();
        rec = LockDecisions.acquire(rec, req(2, 200, TAG_B, 1_000), 1).getLeft().next();
        assertEquals(LockDecisions.Standing.HOLDING, LockDecisions.standing(rec, 1));
        assertEquals(LockDecisions.Standing.QUEUED, LockDecisions.standing(rec, 2));
        assertEquals(LockDecisions.Standing.ABSENT, LockDecisions.standing(rec, 3));
        assertEquals(LockDecisions.Standing.ABSENT, LockDecisions.standing(null, 1));
    }

    @Test
    void forceReleaseMovesTheFenceOnAndHandsOver() {
        LockRecord rec = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), 0).get().next();
        LockRecord free = LockDecisions.forceRelease(rec, 1).get();
        assertFalse(free.isHeld());
        assertTrue(free.fence() > rec.fence());
        assertTrue(LockDecisions.forceRelease(free, 2).isEmpty());
        LockRecord queued = LockDecisions.acquire(
                LockDecisions.acquire(free, req(2, 200, TAG_A, 0), 3).get().next(), req(3, 300, TAG_B, 1_000), 4)
                .getLeft().next();
        LockRecord handed = LockDecisions.forceRelease(queued, 5).get();
        assertEquals(3, handed.holderHold());
        assertTrue(LockDecisions.release(handed, 2, 6).isLeft(), "the old holder's release is refused");
    }

    @Test
    void handedOverTellsAWaiterItsHandoffButNotTheCallerItsOwnGrant() {
        LockRecord held = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), 0).get().next();
        LockRecord queued = LockDecisions.acquire(held, req(2, 200, TAG_B, 1_000), 1).getLeft().next();
        assertFalse(LockDecisions.handedOver(null, held, 1), "the caller's own grant is answered by its reply");
        assertTrue(LockDecisions.handedOver(null, held, 99), "a record created held by someone else");
        assertFalse(LockDecisions.handedOver(held, queued, 2), "queueing hands nothing over");

        LockRecord released = LockDecisions.release(queued, 1, 2).get();
        assertTrue(LockDecisions.handedOver(queued, released, 1), "a release handed the lock to waiter 2");
        LockRecord ended = LockDecisions.releaseLeases(queued, Set.of(100L), 2).get();
        assertTrue(LockDecisions.handedOver(queued, ended, 0), "a lease's end handed the lock to waiter 2");
        LockRecord forced = LockDecisions.forceRelease(queued, 2).get();
        assertTrue(LockDecisions.handedOver(queued, forced, 0), "a force release handed the lock to waiter 2");

        LockRecord clearing = LockDecisions.acquire(queued, new LockDecisions.AcquireRequest(2, 200, TAG_B, 1_000,
                1_000, 100), 3).get().next();
        assertFalse(LockDecisions.handedOver(queued, clearing, 2), "the waiter that cleared the holder is answered");

        LockRecord free = LockDecisions.release(released, 2, 4).get();
        assertFalse(LockDecisions.handedOver(released, free, 2), "a release with nobody queued hands nothing over");
        assertFalse(LockDecisions.handedOver(released, null, 2), "a removed record hands nothing over");
        assertFalse(LockDecisions.handedOver(released, released, 0), "no change, no handoff");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 1_023, 1_024, 1_700_000_000_000L << LockDecisions.FENCE_SHIFT,
            (LockDecisions.MAX_BASE_MILLIS << LockDecisions.FENCE_SHIFT) - 1})
    void removableAtIsTheFirstTimeRemovableHolds(long fence) {
        LockRecord idle = new LockRecord(fence, 0, 0, 0, 0, 0, 0, List.of());
        for (long skew : new long[] {0, 2_000}) {
            long at = LockDecisions.removableAt(fence, skew);
            assertTrue(LockDecisions.removable(idle, at, skew), "removable at " + at);
            assertFalse(LockDecisions.removable(idle, at - 1, skew), "not removable at " + (at - 1));
            assertTrue(LockDecisions.removable(idle, Long.MAX_VALUE, skew));
            // Created again by a member up to skew behind the removal: its first fence is above this one.
            assertTrue(LockDecisions.nextFence(0, at - skew) > fence);
        }
    }

    @Test
    void removableAtFromTheClocksNearTheEnds() {
        long fence = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), Long.MAX_VALUE - 60_000).get().fence();
        assertEquals(LockDecisions.initialFence(Long.MAX_VALUE), fence, "the fence base is capped");
        // A fence at the cap is above anything a record created from nothing starts from: it never goes.
        LockRecord idle = new LockRecord(fence, 0, 0, 0, 0, 0, 0, List.of());
        assertFalse(LockDecisions.removable(idle, Long.MAX_VALUE, 2_000));
        // Fences handed out while the clock read negative are small; they go once the clock passes the skew.
        long early = LockDecisions.acquire(null, req(1, 100, TAG_A, 0), -86_400_000L).get().fence();
        assertEquals(1, early);
        assertEquals(2_001, LockDecisions.removableAt(early, 2_000));
        assertFalse(LockDecisions.removable(new LockRecord(early, 0, 0, 0, 0, 0, 0, List.of()), 2_000, 2_000));
    }
}
