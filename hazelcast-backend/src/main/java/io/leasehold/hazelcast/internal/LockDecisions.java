package io.leasehold.hazelcast.internal;

import io.vavr.control.Either;
import io.vavr.control.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The lock state machine: pure functions from (record, request, now) to the next record and a
 * verdict. No clock, no I/O; entry processors load the record, call these, and store the result.
 *
 * <p>Fences: a record created from nothing starts from cluster time ({@code millis << 10}), so a
 * fence stays above every earlier one even if every replica of a record was lost. Each grant adds
 * one. The base is capped at 2^51 ms (tens of thousands of years), which leaves 2^61 grants of
 * headroom, so no arithmetic here can overflow whatever the clock says.
 *
 * <p>Invariant: a free record has no waiters. A release hands the lock to the first queued waiter
 * that has not given up yet; waiters that gave up are dropped on the way.
 */
public final class LockDecisions {

    static final int FENCE_SHIFT = 10;
    static final long MAX_BASE_MILLIS = 1L << 51;

    private LockDecisions() {
    }

    /** The last fence of a record created from nothing at {@code now}; its first grant gets this plus one. */
    public static long initialFence(long now) {
        long millis = Math.max(0, Math.min(now, MAX_BASE_MILLIS));
        return millis << FENCE_SHIFT;
    }

    /** What an acquirer asks for. {@code waitMillis == 0} means do not queue. */
    public record AcquireRequest(long holdId, long leaseId, long tag, long ttl, long waitMillis, long clearLease) {
    }

    /** The lock was granted to the requester (now, or by an earlier try of the same call). */
    public record Granted(LockRecord next, boolean changed) {
        public long fence() {
            return next.fence();
        }
    }

    /**
     * The lock is held by another. {@code next} is the record to store (the requester queued in it,
     * or the current record unchanged); {@code suspect} says the holder has held it for at least its
     * lease TTL, so the requester should check that the holder's lease is still alive.
     */
    public record Refused(LockRecord next, boolean queued, boolean changed, boolean suspect) {
    }

    /** Release refused: the caller does not hold the lock. {@code current} may be null (no record). */
    public record NotHeld(LockRecord current) {
    }

    public static Either<Refused, Granted> acquire(LockRecord current, AcquireRequest req, long now) {
        LockRecord rec = current != null ? current : LockRecord.free(initialFence(now), List.of());
        boolean changed = current == null;
        if (req.clearLease() != 0) {
            Option<LockRecord> cleared = releaseLeases(rec, Set.of(req.clearLease()), now);
            if (cleared.isDefined()) {
                rec = cleared.get();
                changed = true;
            }
        }
        if (rec.holderHold() == req.holdId()) {
            return Either.right(new Granted(rec, changed));
        }
        if (!rec.isHeld()) {
            LockRecord next = new LockRecord(rec.fence() + 1, req.leaseId(), req.holdId(), req.tag(), req.ttl(),
                    now, 0, rec.lastReleasedHold(), List.of());
            return Either.right(new Granted(next, true));
        }
        boolean suspect = Time.subtract(now, rec.acquiredAt()) >= rec.holderTtl();
        if (req.waitMillis() <= 0) {
            return Either.left(new Refused(rec, false, changed, suspect));
        }
        List<Waiter> waiters = new ArrayList<>(rec.waiters().size() + 1);
        Waiter me = new Waiter(req.holdId(), req.leaseId(), req.tag(), req.ttl(), Time.add(now, req.waitMillis()));
        boolean replaced = false;
        for (Waiter w : rec.waiters()) {
            if (w.holdId() == req.holdId()) {
                waiters.add(me);
                replaced = true;
            } else {
                waiters.add(w);
            }
        }
        if (!replaced) {
            waiters.add(me);
        }
        LockRecord next = new LockRecord(rec.fence(), rec.holderLease(), rec.holderHold(), rec.holderTag(),
                rec.holderTtl(), rec.acquiredAt(), 0, rec.lastReleasedHold(), waiters);
        return Either.left(new Refused(next, true, true, suspect));
    }

    /**
     * Release by the hold that owns the lock; hands it to the next live waiter, if any. A retry of a
     * release that was already applied (a lost response) returns the record unchanged.
     */
    public static Either<NotHeld, LockRecord> release(LockRecord current, long holdId, long now) {
        if (current != null && current.lastReleasedHold() == holdId && current.holderHold() != holdId) {
            return Either.right(current);
        }
        if (current == null || !current.isHeld() || current.holderHold() != holdId) {
            return Either.left(new NotHeld(current));
        }
        return Either.right(handOff(current.fence(), current.waiters(), now, holdId));
    }

    /**
     * Removes every trace of the given leases: drops their queued waiters and, if one of them holds
     * the lock, releases it (handing it to the next live waiter). Empty when nothing changes.
     */
    public static Option<LockRecord> releaseLeases(LockRecord current, Set<Long> leaseIds, long now) {
        if (current == null) {
            return Option.none();
        }
        List<Waiter> waiters = new ArrayList<>(current.waiters().size());
        for (Waiter w : current.waiters()) {
            if (!leaseIds.contains(w.leaseId())) {
                waiters.add(w);
            }
        }
        boolean holderGone = current.isHeld() && leaseIds.contains(current.holderLease());
        if (holderGone) {
            return Option.some(handOff(current.fence(), waiters, now, current.lastReleasedHold()));
        }
        if (waiters.size() == current.waiters().size()) {
            return Option.none();
        }
        return Option.some(new LockRecord(current.fence(), current.holderLease(), current.holderHold(),
                current.holderTag(), current.holderTtl(), current.acquiredAt(), 0, current.lastReleasedHold(), waiters));
    }

    /**
     * A waiter gives up. Right: the waiter is no longer queued (the record to store, or none if it
     * was not queued). Left: the lock was already handed to it; the value is its fence.
     */
    public static Either<Long, Option<LockRecord>> cancel(LockRecord current, long holdId) {
        if (current == null) {
            return Either.right(Option.none());
        }
        if (current.isHeld() && current.holderHold() == holdId) {
            return Either.left(current.fence());
        }
        List<Waiter> waiters = new ArrayList<>(current.waiters().size());
        for (Waiter w : current.waiters()) {
            if (w.holdId() != holdId) {
                waiters.add(w);
            }
        }
        if (waiters.size() == current.waiters().size()) {
            return Either.right(Option.none());
        }
        return Either.right(Option.some(new LockRecord(current.fence(), current.holderLease(),
                current.holderHold(), current.holderTag(), current.holderTtl(), current.acquiredAt(), 0,
                current.lastReleasedHold(), waiters)));
    }

    private static LockRecord handOff(long lastFence, List<Waiter> queue, long now, long releasedHold) {
        for (int i = 0; i < queue.size(); i++) {
            Waiter w = queue.get(i);
            if (now < w.waitUntil()) {
                return new LockRecord(lastFence + 1, w.leaseId(), w.holdId(), w.tag(), w.ttl(), now, w.tag(),
                        releasedHold, queue.subList(i + 1, queue.size()));
            }
        }
        return new LockRecord(lastFence, 0, 0, 0, 0, 0, 0, releasedHold, List.of());
    }
}
