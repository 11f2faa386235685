package io.leasehold.hazelcast.internal.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static io.leasehold.hazelcast.internal.core.HoldDecisions.Code.*;
import static org.junit.jupiter.api.Assertions.*;

/** The counted-hold model (semaphores, read-write locks) with plain numbers for time. */
class HoldDecisionsTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final long RW = Integer.MAX_VALUE;

    private static HoldDecisions.Request counted(long hold, long lease, long n, long wait) {
        return new HoldDecisions.Request(hold, lease, 7, 1_000, n, false, wait, 0, 0);
    }

    private static HoldDecisions.Request shared(long hold, long lease, long wait) {
        return new HoldDecisions.Request(hold, lease, 7, 1_000, 1, false, wait, 0, RW);
    }

    private static HoldDecisions.Request exclusive(long hold, long lease, long wait) {
        return new HoldDecisions.Request(hold, lease, 7, 1_000, 0, true, wait, 0, RW);
    }

    private static HoldRecord sem(long permits) {
        return HoldDecisions.init(null, permits).next();
    }

    @Test
    void unknownSemaphoreIsNamedAndNothingIsStored() {
        HoldDecisions.Decision d = HoldDecisions.acquire(null, counted(1, 100, 1, 0), NOW);
        assertEquals(UNKNOWN_NAME, d.code());
        assertFalse(d.changed());
        assertNull(d.next());
    }

    @Test
    void initOnceThenAlready() {
        HoldDecisions.Decision first = HoldDecisions.init(null, 3);
        assertEquals(DONE, first.code());
        assertTrue(first.changed());
        assertEquals(3, first.next().limit());
        HoldDecisions.Decision again = HoldDecisions.init(first.next(), 9);
        assertEquals(ALREADY, again.code());
        assertFalse(again.changed());
        assertEquals(BAD_COUNT, HoldDecisions.init(null, -1).code());
        assertEquals(BAD_COUNT, HoldDecisions.init(null, (long) Integer.MAX_VALUE + 1).code());
    }

    @Test
    void badCountsChangeNothing() {
        HoldRecord s = sem(3);
        for (long n : new long[] {0, -1, Long.MIN_VALUE}) {
            HoldDecisions.Decision d = HoldDecisions.acquire(s, counted(1, 100, n, 0), NOW);
            assertEquals(BAD_COUNT, d.code());
            assertFalse(d.changed());
        }
        HoldDecisions.Decision tooMany = HoldDecisions.acquire(s, counted(1, 100, 4, 0), NOW);
        assertEquals(TOO_MANY, tooMany.code());
        assertEquals(3, tooMany.count());
        assertFalse(tooMany.changed());
    }

    @Test
    void aWaiterAskingMoreThanThereAreQueuesAndAnIncreaseLetsItIn() {
        HoldDecisions.Decision queued = HoldDecisions.acquire(sem(0), counted(1, 100, 2, 1_000), NOW);
        assertEquals(QUEUED, queued.code());
        HoldDecisions.Decision raised = HoldDecisions.changeLimit(queued.next(), 2, NOW + 1);
        assertEquals(2, raised.next().hold(1).count());
        assertTrue(raised.next().waiters().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, NOW, Long.MAX_VALUE - 60_000, Long.MAX_VALUE, -1})
    void grantsCountPermitsWithGrowingFences(long now) {
        HoldDecisions.Decision a = HoldDecisions.acquire(sem(3), counted(1, 100, 2, 0), now);
        assertEquals(GRANTED, a.code());
        assertEquals(Math.max(1, LockDecisions.initialFence(now)), a.fence());
        assertEquals(1, a.next().available());
        HoldDecisions.Decision b = HoldDecisions.acquire(a.next(), counted(2, 200, 1, 0), now);
        assertEquals(GRANTED, b.code());
        assertEquals(a.fence() + 1, b.fence());
        HoldDecisions.Decision c = HoldDecisions.acquire(b.next(), counted(3, 200, 1, 0), now);
        assertEquals(REFUSED, c.code());
        assertFalse(c.changed());
    }

    @Test
    void retriedAcquireFindsItsHold() {
        HoldDecisions.Decision a = HoldDecisions.acquire(sem(3), counted(1, 100, 2, 0), NOW);
        HoldDecisions.Decision again = HoldDecisions.acquire(a.next(), counted(1, 100, 2, 0), NOW + 5);
        assertEquals(GRANTED, again.code());
        assertEquals(a.fence(), again.fence());
        assertFalse(again.changed());
        assertEquals(2, again.next().out());
    }

    @Test
    void releaseByCountTakesNewestHoldsOfTheLease() {
        HoldRecord r = HoldDecisions.acquire(sem(5), counted(1, 100, 2, 0), NOW).next();
        r = HoldDecisions.acquire(r, counted(2, 100, 2, 0), NOW).next();
        HoldDecisions.Decision rel = HoldDecisions.release(r, new HoldDecisions.Release(9, 100, 0, 3), NOW);
        assertEquals(RELEASED, rel.code());
        assertEquals(1, rel.next().out());
        assertEquals(1, rel.next().hold(1).count());
        assertNull(rel.next().hold(2));
        // A retry of the same release changes nothing.
        HoldDecisions.Decision retry = HoldDecisions.release(rel.next(), new HoldDecisions.Release(9, 100, 0, 3), NOW);
        assertEquals(RELEASED, retry.code());
        assertFalse(retry.changed());
    }

    @Test
    void releaseOfPermitsNotHeldSaysHowManyAreAndChangesNothing() {
        HoldRecord r = HoldDecisions.acquire(sem(5), counted(1, 100, 2, 0), NOW).next();
        HoldDecisions.Decision d = HoldDecisions.release(r, new HoldDecisions.Release(9, 100, 0, 3), NOW);
        assertEquals(NOT_HELD, d.code());
        assertEquals(2, d.count());
        assertFalse(d.changed());
        assertEquals(NOT_HELD, HoldDecisions.release(r, new HoldDecisions.Release(9, 200, 0, 1), NOW).code());
        assertEquals(BAD_COUNT, HoldDecisions.release(r, new HoldDecisions.Release(9, 100, 0, 0), NOW).code());
        assertEquals(NOT_HELD, HoldDecisions.release(null, new HoldDecisions.Release(9, 100, 0, 1), NOW).code());
    }

    @Test
    void largeRequestAtTheHeadIsNotStarvedBySmallOnes() {
        HoldRecord r = HoldDecisions.acquire(sem(3), counted(1, 100, 2, 0), NOW).next();
        HoldDecisions.Decision big = HoldDecisions.acquire(r, counted(2, 200, 3, 10_000), NOW);
        assertEquals(QUEUED, big.code());
        // One permit is free, but the big request is ahead: a small one does not jump the queue.
        HoldDecisions.Decision small = HoldDecisions.acquire(big.next(), counted(3, 300, 1, 0), NOW);
        assertEquals(REFUSED, small.code());
        HoldDecisions.Decision rel = HoldDecisions.release(big.next(), new HoldDecisions.Release(5, 100, 1, 0), NOW + 1);
        assertNotNull(rel.next().hold(2));
        assertEquals(3, rel.next().hold(2).count());
        assertEquals(1, HoldDecisions.handedOver(big.next(), rel.next(), 5).size());
    }

    @Test
    void cancelOfTheHeadLetsSmallerWaitersIn() {
        HoldRecord r = HoldDecisions.acquire(sem(3), counted(1, 100, 2, 0), NOW).next();
        r = HoldDecisions.acquire(r, counted(2, 200, 3, 10_000), NOW).next();
        r = HoldDecisions.acquire(r, counted(3, 300, 1, 10_000), NOW).next();
        assertNull(r.hold(3));
        HoldDecisions.Decision c = HoldDecisions.cancel(r, 2, NOW);
        assertEquals(CANCELLED, c.code());
        assertNotNull(c.next().hold(3));
        assertEquals(HoldDecisions.Code.GRANTED, HoldDecisions.cancel(c.next(), 3, NOW).code());
    }

    @Test
    void writerIsNotStarvedByReaders() {
        HoldRecord r = HoldDecisions.acquire(null, shared(1, 100, 0), NOW).next();
        HoldDecisions.Decision w = HoldDecisions.acquire(r, exclusive(2, 200, 10_000), NOW);
        assertEquals(QUEUED, w.code());
        assertEquals(REFUSED, HoldDecisions.acquire(w.next(), shared(3, 300, 0), NOW).code());
        HoldDecisions.Decision rel = HoldDecisions.release(w.next(), new HoldDecisions.Release(1, 100, 1, 0), NOW + 1);
        PermitHold writer = rel.next().hold(2);
        assertNotNull(writer);
        assertTrue(writer.exclusive());
        assertTrue(writer.fence() > r.hold(1).fence());
        assertEquals(REFUSED, HoldDecisions.acquire(rel.next(), shared(3, 300, 0), NOW).code());
    }

    @Test
    void readersShareAndAWriterExcludesThem() {
        HoldRecord r = HoldDecisions.acquire(null, shared(1, 100, 0), NOW).next();
        r = HoldDecisions.acquire(r, shared(2, 200, 0), NOW).next();
        assertEquals(2, r.holds().size());
        assertEquals(REFUSED, HoldDecisions.acquire(r, exclusive(3, 300, 0), NOW).code());
        HoldRecord solo = HoldDecisions.acquire(null, exclusive(4, 400, 0), NOW).next();
        assertTrue(solo.exclusivelyHeld());
        assertEquals(REFUSED, HoldDecisions.acquire(solo, shared(5, 500, 0), NOW).code());
        assertEquals(REFUSED, HoldDecisions.acquire(solo, exclusive(6, 600, 0), NOW).code());
    }

    @Test
    void refusedTryOnAFreshReadWriteLockStoresNothing() {
        HoldDecisions.Decision d = HoldDecisions.acquire(null, shared(1, 100, 0), true, NOW);
        assertEquals(LEASE_ENDED, d.code());
        assertFalse(d.changed());
    }

    @Test
    void endedLeaseFreesHoldsAndServesTheQueue() {
        HoldRecord r = HoldDecisions.acquire(sem(2), counted(1, 100, 2, 0), NOW).next();
        r = HoldDecisions.acquire(r, counted(2, 200, 1, 10_000), NOW).next();
        r = HoldDecisions.acquire(r, counted(3, 100, 1, 10_000), NOW).next();
        HoldDecisions.Decision d = HoldDecisions.releaseLeases(r, Set.of(100L), NOW + 1);
        assertTrue(d.changed());
        assertEquals(1, d.next().holds().size());
        assertNotNull(d.next().hold(2));
        assertTrue(d.next().waiters().isEmpty());
        assertFalse(HoldDecisions.releaseLeases(d.next(), Set.of(100L), NOW + 2).changed());
    }

    @Test
    void acquirerClearsAHolderWhoseLeaseIsGone() {
        HoldRecord r = HoldDecisions.acquire(sem(1), counted(1, 100, 1, 0), NOW).next();
        HoldDecisions.Decision refused = HoldDecisions.acquire(r, counted(2, 200, 1, 0), NOW + 1_000);
        assertEquals(REFUSED, refused.code());
        assertEquals(100, refused.suspectLease());
        HoldDecisions.Request clear = new HoldDecisions.Request(2, 200, 7, 1_000, 1, false, 0, 100, 0);
        assertEquals(GRANTED, HoldDecisions.acquire(r, clear, NOW + 1_000).code());
    }

    @Test
    void waitersWhoseWaitRanOutAreDropped() {
        HoldRecord r = HoldDecisions.acquire(sem(1), counted(1, 100, 1, 0), NOW).next();
        r = HoldDecisions.acquire(r, counted(2, 200, 1, 10), NOW).next();
        r = HoldDecisions.acquire(r, counted(3, 300, 1, 10_000), NOW).next();
        HoldDecisions.Decision d = HoldDecisions.release(r, new HoldDecisions.Release(8, 100, 1, 0), NOW + 20);
        assertNull(d.next().hold(2));
        assertNotNull(d.next().hold(3));
    }

    @Test
    void increaseServesTheQueueAndReduceMayGoBelowWhatIsOut() {
        HoldRecord r = HoldDecisions.acquire(sem(1), counted(1, 100, 1, 0), NOW).next();
        r = HoldDecisions.acquire(r, counted(2, 200, 1, 10_000), NOW).next();
        HoldDecisions.Decision inc = HoldDecisions.changeLimit(r, 1, NOW);
        assertEquals(DONE, inc.code());
        assertNotNull(inc.next().hold(2));
        HoldDecisions.Decision red = HoldDecisions.changeLimit(inc.next(), -2, NOW);
        assertEquals(0, red.next().limit());
        assertEquals(-2, red.next().available());
        assertEquals(BAD_COUNT, HoldDecisions.changeLimit(red.next(), -1, NOW).code());
        assertEquals(BAD_COUNT, HoldDecisions.changeLimit(red.next(), (long) Integer.MAX_VALUE + 1, NOW).code());
        assertEquals(UNKNOWN_NAME, HoldDecisions.changeLimit(null, 1, NOW).code());
    }

    @Test
    void drainTakesWhatIsAvailableOnce() {
        HoldRecord r = HoldDecisions.acquire(sem(5), counted(1, 100, 2, 0), NOW).next();
        HoldDecisions.Decision d = HoldDecisions.drain(r, counted(2, 200, 0, 0), NOW);
        assertEquals(3, d.count());
        assertEquals(0, d.next().available());
        assertEquals(3, HoldDecisions.drain(d.next(), counted(2, 200, 0, 0), NOW).count());
        assertEquals(0, HoldDecisions.drain(d.next(), counted(3, 200, 0, 0), NOW).count());
        assertEquals(3, HoldDecisions.heldBy(d.next(), 200));
    }

    @Test
    void standingTellsHoldingQueuedAbsent() {
        HoldRecord r = HoldDecisions.acquire(sem(1), counted(1, 100, 1, 0), NOW).next();
        r = HoldDecisions.acquire(r, counted(2, 200, 1, 10_000), NOW).next();
        assertEquals(GRANTED, HoldDecisions.standing(r, 1, NOW).code());
        assertEquals(QUEUED, HoldDecisions.standing(r, 2, NOW).code());
        assertEquals(ABSENT, HoldDecisions.standing(r, 3, NOW).code());
    }

    @Test
    void mergeKeepsTheHigherFenceWhole() {
        HoldRecord a = HoldDecisions.acquire(sem(2), counted(1, 100, 2, 0), NOW).next();
        HoldRecord b = HoldDecisions.acquire(sem(2), counted(2, 200, 2, 0), NOW + 10).next();
        HoldRecord kept = MergeDecisions.mergeHolds(a, b);
        assertEquals(b, kept);
        assertTrue(kept.out() <= kept.limit());
        assertSame(a, MergeDecisions.mergeHolds(a, null));
    }
}
