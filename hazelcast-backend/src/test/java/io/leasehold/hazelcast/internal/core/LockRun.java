package io.leasehold.hazelcast.internal.core;

import io.vavr.control.Either;
import io.vavr.control.Option;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One run of {@link LockDecisions} on one lock name next to a model of what it must do: a holder, a
 * FIFO queue of (hold, lease, give-up time), the set of ended leases and the highest fence ever
 * handed out. Each step feeds the same request to the decisions and to the model, stores what the
 * decisions return, and checks the record against the model ({@link LockChecks}).
 *
 * <p>The clock may go forward, jump, or step back, but never more than {@link #SKEW} behind the
 * latest time seen: that is the clock-skew rule under which an idle record may be removed and
 * created again from nothing.
 */
final class LockRun {

    static final long SKEW = 2_000;
    static final long TTL = 1_000;
    private static final int LEASE_SLOTS = 3;

    enum Kind {
        ACQUIRE, ACQUIRE_WAIT, ACQUIRE_CLEARING, RETRY_ACQUIRE, RELEASE, RETRY_RELEASE, STRANGER_RELEASE,
        CANCEL, END_LEASE, FORCE_RELEASE, REMOVE_IDLE, FORWARD, BACK, JUMP
    }

    /** One step: what to do, which hold or lease to pick, a choice flag and an amount (wait or time). */
    record Op(Kind kind, int pick, int flag, long amount) {
    }

    record Hold(long id, long lease, long waitMillis) {
    }

    record Queued(long hold, long lease, long waitUntil) {
    }

    // The record under test; null when there is none (never created, or removed while idle).
    LockRecord rec;

    // The model.
    long holder;
    long holderLease;
    long grantedAt;
    final List<Queued> queue = new ArrayList<>();
    final List<Hold> holds = new ArrayList<>();
    final Set<Long> ended = new HashSet<>();
    final List<Long> released = new ArrayList<>();
    /** Holds that were told they hold the lock (granted, or handed it) and have not lost it since. */
    final Set<Long> believers = new HashSet<>();
    long highestFence;
    long now;
    long maxNow;
    /** The hold that cancelled in the current step (0 if none). */
    long cancelledNow;
    /** The hold whose own request the current step is (0 for lease ends, force release, removal, clock). */
    long callerNow;

    private final long[] leaseOfSlot = new long[LEASE_SLOTS];
    private long nextLease = 1_000;
    private long nextHold = 1;
    final List<String> trail = new ArrayList<>();

    LockRun(long start) {
        now = start;
        maxNow = start;
        for (int i = 0; i < LEASE_SLOTS; i++) {
            leaseOfSlot[i] = nextLease++;
        }
    }

    void step(Op op) {
        trail.add(op + " @" + now);
        LockRecord before = rec;
        List<Queued> queueBefore = List.copyOf(queue);
        cancelledNow = 0;
        callerNow = 0;
        switch (op.kind()) {
            case ACQUIRE, ACQUIRE_WAIT, ACQUIRE_CLEARING, RETRY_ACQUIRE -> acquire(op);
            case RELEASE, RETRY_RELEASE, STRANGER_RELEASE -> release(op);
            case CANCEL -> cancel(op);
            case END_LEASE -> endLease(leaseOfSlot[op.pick() % LEASE_SLOTS]);
            case FORCE_RELEASE -> forceRelease();
            case REMOVE_IDLE -> removeIdle();
            case FORWARD -> moveTo(Time.add(now, op.amount() % 3_001));
            case BACK -> moveTo(Math.max(Time.subtract(now, 1 + op.amount() % SKEW), Time.subtract(maxNow, SKEW)));
            case JUMP -> moveTo(Time.add(now, op.amount()));
        }
        LockChecks.afterStep(this, before, queueBefore);
    }

    private void moveTo(long t) {
        now = t;
        maxNow = Math.max(maxNow, t);
    }

    private void acquire(Op op) {
        Hold h;
        if (op.kind() == Kind.RETRY_ACQUIRE) {
            if (holds.isEmpty()) {
                return;
            }
            h = holds.get(op.pick() % holds.size());
        } else {
            long wait = op.kind() == Kind.ACQUIRE ? 0 : op.flag() == 7 ? Long.MAX_VALUE : 1 + op.amount() % 5_000;
            h = new Hold(nextHold++ * 0x9E3779B97F4A7C15L, pickLease(op), wait);
            holds.add(h);
        }
        callerNow = h.id();
        long clear = op.kind() == Kind.ACQUIRE_CLEARING && holder != 0 && holderLease != h.lease() ? holderLease : 0;
        boolean leaseEnded = ended.contains(h.lease());
        LockDecisions.AcquireRequest req = new LockDecisions.AcquireRequest(h.id(), h.lease(), tagOf(h.lease()), TTL,
                h.waitMillis(), clear);
        LockRecord before = rec;
        Either<LockDecisions.Refused, LockDecisions.Granted> out = LockDecisions.acquire(rec, req, leaseEnded, now);
        assertEquals(out, LockDecisions.acquire(rec, req, leaseEnded, now), "acquire is deterministic");

        // The model: the requester says the holder's lease is dead, so it ends first.
        if (clear != 0) {
            modelEndLease(clear);
        }
        if (holder == h.id()) {
            assertTrue(out.isRight(), "the holder's retry is granted: " + out);
        } else if (leaseEnded) {
            queue.removeIf(q -> q.hold() == h.id());
            assertTrue(out.isLeft() && out.getLeft().leaseEnded() && !out.getLeft().queued(), "ended lease: " + out);
        } else if (holder == 0) {
            holder = h.id();
            holderLease = h.lease();
            grantedAt = now;
            assertTrue(out.isRight(), "a free lock is granted: " + out);
        } else {
            LockDecisions.Refused r = out.getLeft();
            assertEquals(Time.subtract(now, grantedAt) >= TTL, r.suspect(), "suspect iff held for a TTL or more");
            if (h.waitMillis() > 0) {
                Queued me = new Queued(h.id(), h.lease(), Time.add(now, h.waitMillis()));
                int at = indexOf(h.id());
                if (at >= 0) {
                    queue.set(at, me);
                } else {
                    queue.add(me);
                }
            }
            assertEquals(h.waitMillis() > 0, r.queued(), "queued iff it asked to wait");
        }

        if (out.isRight()) {
            rec = out.get().next();
            believers.add(h.id());
            if (!out.get().changed()) {
                assertEquals(before, rec, "unchanged grant must be the stored record");
            }
        } else if (out.getLeft().changed()) {
            rec = out.getLeft().next();
        } else if (before != null) {
            assertEquals(before, out.getLeft().next(), "an unchanged refusal returns the stored record");
        }
        if (LockDecisions.handedOver(before, rec, h.id())) {
            believers.add(rec.holderHold());
        }
    }

    private void release(Op op) {
        long id;
        if (op.kind() == Kind.RELEASE && holder != 0) {
            id = holder;
        } else if (op.kind() == Kind.RETRY_RELEASE && !released.isEmpty()) {
            id = released.get(op.pick() % released.size());
        } else if (!holds.isEmpty()) {
            id = holds.get(op.pick() % holds.size()).id();
        } else {
            return;
        }
        callerNow = id;
        LockRecord before = rec;
        Either<LockDecisions.NotHeld, LockRecord> out = LockDecisions.release(rec, id, now);
        assertEquals(out, LockDecisions.release(rec, id, now), "release is deterministic");
        if (holder != 0 && holder == id) {
            assertTrue(out.isRight(), "the holder's release is accepted: " + out);
            released.add(id);
            believers.remove(id);
            modelHandOff();
            rec = out.get();
            if (LockDecisions.handedOver(before, rec, id)) {
                believers.add(rec.holderHold());
            }
        } else {
            assertTrue(out.isLeft() || out.get().equals(before),
                    "a release by a hold that does not hold the lock changes nothing: " + out);
        }
    }

    private void cancel(Op op) {
        if (holds.isEmpty()) {
            return;
        }
        long id = holds.get(op.pick() % holds.size()).id();
        Either<Long, Option<LockRecord>> out = LockDecisions.cancel(rec, id);
        assertEquals(out, LockDecisions.cancel(rec, id), "cancel is deterministic");
        cancelledNow = id;
        callerNow = id;
        if (holder != 0 && holder == id) {
            assertEquals(Either.left(rec.fence()), out, "a waiter already handed the lock learns its fence");
            return;
        }
        boolean wasQueued = queue.removeIf(q -> q.hold() == id);
        assertTrue(out.isRight(), "cancel of a non-holder: " + out);
        assertEquals(wasQueued, out.get().isDefined(), "cancel changes the record iff the hold was queued");
        out.get().forEach(next -> rec = next);
    }

    private void endLease(long lease) {
        LockRecord before = rec;
        Option<LockRecord> out = LockDecisions.releaseLeases(rec, Set.of(lease), now);
        assertEquals(out, LockDecisions.releaseLeases(rec, Set.of(lease), now), "releaseLeases is deterministic");
        boolean touched = holderLease == lease && holder != 0 || queue.stream().anyMatch(q -> q.lease() == lease);
        modelEndLease(lease);
        assertEquals(touched, out.isDefined(), "releaseLeases changes the record iff the lease held or waited");
        out.forEach(next -> rec = next);
        if (LockDecisions.handedOver(before, rec, 0)) {
            believers.add(rec.holderHold());
        }
    }

    private void forceRelease() {
        LockRecord before = rec;
        Option<LockRecord> out = LockDecisions.forceRelease(rec, now);
        assertEquals(out, LockDecisions.forceRelease(rec, now), "forceRelease is deterministic");
        assertEquals(holder != 0, out.isDefined(), "force release acts iff the lock is held");
        if (out.isEmpty()) {
            return;
        }
        believers.remove(holder);
        modelHandOff();
        rec = out.get();
        assertTrue(rec.fence() > before.fence(), "force release moves the fence on");
        if (LockDecisions.handedOver(before, rec, 0)) {
            believers.add(rec.holderHold());
        }
    }

    private void removeIdle() {
        if (rec == null) {
            return;
        }
        boolean removable = LockDecisions.removable(rec, now, SKEW);
        assertEquals(removable, LockDecisions.removable(rec, now, SKEW), "removable is deterministic");
        LockChecks.removableAgreesWithRemovableAt(rec, now);
        if (!removable) {
            return;
        }
        assertTrue(holder == 0 && queue.isEmpty(), "only a free record with nobody queued is removable");
        // Every later clock is at least maxNow - SKEW, so a record created again starts above every fence.
        assertTrue(highestFence < LockDecisions.initialFence(Time.subtract(maxNow, SKEW)),
                "removed at " + now + " with fence " + highestFence + ", but a record created again at "
                        + Time.subtract(maxNow, SKEW) + " would start at "
                        + LockDecisions.initialFence(Time.subtract(maxNow, SKEW)));
        rec = null;
    }

    /** A lease ends: its waiters leave, its hold is lost, and its slot gets a new lease for later acquires. */
    private void modelEndLease(long lease) {
        ended.add(lease);
        for (int i = 0; i < LEASE_SLOTS; i++) {
            if (leaseOfSlot[i] == lease) {
                leaseOfSlot[i] = nextLease++;
            }
        }
        queue.removeIf(q -> q.lease() == lease);
        holds.stream().filter(h -> h.lease() == lease).forEach(h -> believers.remove(h.id()));
        if (holder != 0 && holderLease == lease) {
            modelHandOff();
        }
    }

    /** The obvious handoff: the first waiter whose wait has not run out takes the lock; the rest stay queued. */
    private void modelHandOff() {
        holder = 0;
        holderLease = 0;
        while (!queue.isEmpty()) {
            Queued w = queue.remove(0);
            if (now < w.waitUntil()) {
                holder = w.hold();
                holderLease = w.lease();
                grantedAt = now;
                return;
            }
        }
    }

    private long pickLease(Op op) {
        if (op.flag() % 4 == 0 && !ended.isEmpty()) {
            List<Long> gone = ended.stream().sorted().toList();
            return gone.get(op.pick() % gone.size());
        }
        return leaseOfSlot[op.pick() % LEASE_SLOTS];
    }

    private int indexOf(long hold) {
        for (int i = 0; i < queue.size(); i++) {
            if (queue.get(i).hold() == hold) {
                return i;
            }
        }
        return -1;
    }

    static long tagOf(long lease) {
        return lease % 2 == 0 ? 11 : 22;
    }

    Hold hold(long id) {
        return holds.stream().filter(h -> h.id() == id).findFirst().orElseThrow();
    }

    @Override
    public String toString() {
        return String.join("\n  ", trail);
    }
}
