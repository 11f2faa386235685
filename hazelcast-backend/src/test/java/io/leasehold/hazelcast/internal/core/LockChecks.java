package io.leasehold.hazelcast.internal.core;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** What must hold after every step of a {@link LockRun}. */
final class LockChecks {

    private LockChecks() {
    }

    static void afterStep(LockRun run, LockRecord before, List<LockRun.Queued> queueBefore) {
        LockRecord after = run.rec;
        String ctx = " after\n  " + run;
        long holder = after != null && after.isHeld() ? after.holderHold() : 0;

        assertEquals(run.holder, holder, "holder" + ctx);
        if (holder != 0) {
            assertEquals(run.holderLease, after.holderLease(), "holder's lease" + ctx);
            assertEquals(run.grantedAt, after.acquiredAt(), "acquired at" + ctx);
            assertEquals(LockRun.TTL, after.holderTtl(), "holder's TTL" + ctx);
            assertEquals(LockRun.tagOf(after.holderLease()), after.holderTag(), "holder's tag" + ctx);
        }
        List<LockRun.Queued> queue = after == null ? List.of() : after.waiters().stream()
                .map(w -> new LockRun.Queued(w.holdId(), w.leaseId(), w.waitUntil())).toList();
        assertEquals(run.queue, queue, "FIFO queue" + ctx);
        if (after != null && !after.isHeld()) {
            assertTrue(after.waiters().isEmpty(), "a free record has no waiters" + ctx);
        }
        if (after != null) {
            assertEquals(!after.isHeld() && after.waiters().isEmpty(), LockDecisions.idle(after), "idle" + ctx);
        }

        // Never two holders: exactly the record's holder was told it holds the lock and has not lost it.
        assertEquals(holder == 0 ? Set.of() : Set.of(holder), run.believers, "who believes it holds" + ctx);

        fences(run, before, after, ctx);
        noLostWaiter(run, before, queueBefore, holder, queue, ctx);

        for (LockRun.Hold h : run.holds) {
            LockDecisions.Standing expected = h.id() == run.holder ? LockDecisions.Standing.HOLDING
                    : run.queue.stream().anyMatch(q -> q.hold() == h.id()) ? LockDecisions.Standing.QUEUED
                    : LockDecisions.Standing.ABSENT;
            assertEquals(expected, LockDecisions.standing(after, h.id()), "standing of " + h + ctx);
        }
    }

    /** Every grant's fence is above every earlier fence of the name, removals and re-creations included. */
    private static void fences(LockRun run, LockRecord before, LockRecord after, String ctx) {
        if (after == null) {
            return;
        }
        boolean newGrant = after.isHeld() && (before == null || before.holderHold() != after.holderHold());
        if (newGrant) {
            assertTrue(after.fence() > run.highestFence,
                    "grant's fence " + after.fence() + " not above earlier fence " + run.highestFence + ctx);
            assertTrue(after.fence() >= LockDecisions.initialFence(run.now),
                    "grant's fence " + after.fence() + " below the clock's " + LockDecisions.initialFence(run.now) + ctx);
        }
        if (before != null) {
            assertTrue(after.fence() >= before.fence(), "a record's fence never goes down" + ctx);
        }
        run.highestFence = Math.max(run.highestFence, after.fence());
    }

    /**
     * A waiter queued before the step is still queued (in the same order), holds the lock (and then
     * everyone ahead of it left for a reason), or left for a reason: it cancelled, its lease ended, or
     * its wait ran out on the clock.
     */
    private static void noLostWaiter(LockRun run, LockRecord before, List<LockRun.Queued> queueBefore, long holder,
                                     List<LockRun.Queued> queue, String ctx) {
        Set<Long> stillQueued = queue.stream().map(LockRun.Queued::hold).collect(Collectors.toSet());
        Set<Long> queuedBefore = queueBefore.stream().map(LockRun.Queued::hold).collect(Collectors.toSet());
        for (LockRun.Queued q : queueBefore) {
            if (!stillQueued.contains(q.hold()) && q.hold() != holder) {
                assertTrue(leftForAReason(run, q), "waiter " + q + " was lost" + ctx);
            }
        }
        List<Long> keptOrder = queueBefore.stream().map(LockRun.Queued::hold).filter(stillQueued::contains).toList();
        List<Long> nowOrder = queue.stream().map(LockRun.Queued::hold).filter(queuedBefore::contains).toList();
        assertEquals(keptOrder, nowOrder, "waiters keep their order" + ctx);

        boolean fromQueue = holder != 0 && queuedBefore.contains(holder)
                && (before == null || before.holderHold() != holder);
        if (fromQueue) {
            for (LockRun.Queued q : queueBefore) {
                if (q.hold() == holder) {
                    break;
                }
                assertTrue(!stillQueued.contains(q.hold()) && leftForAReason(run, q),
                        "waiter " + q + " was passed over" + ctx);
            }
        }
        if (LockDecisions.handedOver(before, run.rec, run.callerNow)) {
            assertTrue(fromQueue, "handedOver without a handoff from the queue" + ctx);
        } else if (fromQueue && holder != run.callerNow) {
            fail("a waiter was handed the lock but handedOver says no" + ctx);
        }
    }

    private static boolean leftForAReason(LockRun run, LockRun.Queued q) {
        return q.hold() == run.cancelledNow || run.ended.contains(q.lease()) || run.now >= q.waitUntil();
    }

    /** For an idle record, {@code removable} first holds at {@code removableAt}; otherwise never. */
    static void removableAgreesWithRemovableAt(LockRecord rec, long now) {
        if (!LockDecisions.idle(rec)) {
            assertFalse(LockDecisions.removable(rec, Long.MAX_VALUE, LockRun.SKEW), "a busy record is never removable");
            return;
        }
        long at = LockDecisions.removableAt(rec.fence(), LockRun.SKEW);
        if (rec.fence() < LockDecisions.initialFence(Long.MAX_VALUE)) {
            assertEquals(now >= at, LockDecisions.removable(rec, now, LockRun.SKEW), "removable at " + now + " vs " + at);
            assertTrue(LockDecisions.removable(rec, at, LockRun.SKEW), "removable at removableAt " + at);
            assertFalse(LockDecisions.removable(rec, at - 1, LockRun.SKEW), "not removable before removableAt " + at);
        } else {
            // A fence at the cap of initialFence: no record created again could start above it.
            assertFalse(LockDecisions.removable(rec, Long.MAX_VALUE, LockRun.SKEW), "a fence at the cap stays");
        }
    }
}
