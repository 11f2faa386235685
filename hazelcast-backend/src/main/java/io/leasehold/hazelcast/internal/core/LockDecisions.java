package io.leasehold.hazelcast.internal.core;

import io.vavr.control.Either;
import io.vavr.control.Option;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongPredicate;

/**
 * The lock state machine: pure functions from (record, request, now) to the next record and a
 * verdict. No clock, no I/O; entry processors load the record, call these, and store the result.
 *
 * <p><b>Fences.</b> Every grant's fence is {@code max(last + 1, initialFence(now))}, where
 * {@code initialFence(now)} is the member time in milliseconds shifted left by 10 bits. So a fence
 * is always above the last one of its record, and a record created from nothing (never seen, every
 * replica lost, or removed while idle) starts above every fence handed out more than the clock skew
 * ago. That is what lets idle records go: a free record with no waiters is removed only once its
 * fence is below {@code initialFence(now - skew)} ({@link #removable}), so any member whose clock is
 * at most {@code skew} behind creates it again above every earlier fence. The base is capped at 2^51
 * ms, which leaves 2^61 grants of headroom, so no arithmetic here can overflow whatever the clock says.
 *
 * <p>Invariant: a free record has no waiters. A release hands the lock to the first queued waiter
 * that has not given up yet; waiters that gave up are dropped on the way.
 */
public final class LockDecisions {

    public static final int FENCE_SHIFT = 10;
    static final long MAX_BASE_MILLIS = 1L << 51;

    private LockDecisions() {
    }

    /** The smallest fence a grant at {@code now} may hand out on a record created from nothing. */
    public static long initialFence(long now) {
        long millis = Math.max(0, Math.min(now, MAX_BASE_MILLIS));
        return millis << FENCE_SHIFT;
    }

    /** The fence of a grant at {@code now} on a record whose last fence is {@code last}. */
    public static long nextFence(long last, long now) {
        return Math.max(last + 1, initialFence(now));
    }

    /**
     * What an acquirer asks for. {@code waitMillis == 0} means do not queue. {@code afterRelease}, when
     * not 0, is the hold of the requester's own release of this lock still in flight: the acquire
     * applies it first if it arrives before it ({@link #releaseCarried}), so the requester's next acquire
     * need not wait for its release's answer to come after it.
     */
    public record AcquireRequest(long holdId, long leaseId, long tag, long ttl, long waitMillis, long clearLease,
                                 long afterRelease) {

        public AcquireRequest(long holdId, long leaseId, long tag, long ttl, long waitMillis, long clearLease) {
            this(holdId, leaseId, tag, ttl, waitMillis, clearLease, 0);
        }
    }

    /**
     * The release an acquire carries ({@link AcquireRequest#afterRelease}): applied as the release
     * itself would be when that hold still holds the lock; the record unchanged otherwise (the
     * release came first, or the hold no longer holds it). The release, arriving later, finds it
     * applied ({@link #release} answers a retry of an applied release unchanged).
     */
    public static LockRecord releaseCarried(LockRecord current, long afterRelease, long now) {
        if (afterRelease == 0 || current == null || !current.isHeld() || current.holderHold() != afterRelease) {
            return current;
        }
        return release(current, afterRelease, now).getOrElse(current);
    }

    /** The lock was granted to the requester (now, or by an earlier try of the same call). */
    /** What an acquire leaves: the record after it, and whether it changed. */
    public sealed interface Outcome permits Granted, Refused {
        LockRecord next();

        boolean changed();
    }

    public record Granted(LockRecord next, boolean changed) implements Outcome {
        public long fence() {
            return next.fence();
        }
    }

    /**
     * The lock is held by another, or the requester's lease has ended. {@code next} is the record to
     * store (the requester queued in it, or the current record unchanged); {@code suspect} says the
     * holder has held it for at least its lease TTL, so the requester should check that the holder's
     * lease is still alive.
     */
    public record Refused(LockRecord next, boolean queued, boolean changed, boolean suspect, boolean leaseEnded)
            implements Outcome {
    }

    /** Release refused: the caller does not hold the lock. {@code current} may be null (no record). */
    public record NotHeld(LockRecord current) {
    }

    /** Acquire by a lease this member has not heard to have ended. */
    public static Either<Refused, Granted> acquire(LockRecord current, AcquireRequest req, long now) {
        return acquire(current, req, false, now);
    }

    /**
     * Acquire. {@code leaseEnded} says this member has heard that the requester's lease ended: such a
     * request neither takes the lock nor queues (a lock held by an ended lease would wait for the lazy
     * path to free it).
     */
    public static Either<Refused, Granted> acquire(LockRecord current, AcquireRequest req, boolean leaseEnded,
                                                   long now) {
        LockRecord rec = current != null ? current : LockRecord.free(0);
        boolean changed = false;
        if (req.clearLease() != 0) {
            Option<LockRecord> cleared = releaseLeases(rec, Set.of(req.clearLease()), now);
            if (cleared.isDefined()) {
                rec = cleared.get();
                changed = true;
            }
        }
        if (rec.isHeld() && rec.holderHold() == req.holdId()) {
            return Either.right(new Granted(rec, changed));
        }
        if (leaseEnded) {
            LockRecord next = dropWaiter(rec, req.holdId()).getOrElse(rec);
            return Either.left(new Refused(next, false, changed || next != rec, false, true));
        }
        if (!rec.isHeld()) {
            LockRecord next = new LockRecord(nextFence(rec.fence(), now), req.leaseId(), req.holdId(), req.tag(),
                    req.ttl(), now, rec.lastReleasedHold(), List.of());
            return Either.right(new Granted(next, true));
        }
        boolean suspect = Time.subtract(now, rec.acquiredAt()) >= rec.holderTtl();
        if (req.waitMillis() <= 0) {
            return Either.left(new Refused(rec, false, changed, suspect, false));
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
        return Either.left(new Refused(rec.withWaiters(waiters), true, true, suspect, false));
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
     * Force release by an operator: whoever holds the lock loses it, and the fence is bumped even when
     * no waiter takes it, so a resource that checks fences refuses the old holder's late writes once
     * anyone has written with the next fence. Empty when the lock is not held.
     */
    public static Option<LockRecord> forceRelease(LockRecord current, long now) {
        if (current == null || !current.isHeld()) {
            return Option.none();
        }
        LockRecord next = handOff(nextFence(current.fence(), now), current.waiters(), now, current.lastReleasedHold());
        return Option.some(next);
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
        return Option.some(current.withWaiters(waiters));
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
        return Either.right(dropWaiter(current, holdId));
    }

    /** Where a hold stands in a record: holding, queued, or neither. */
    public enum Standing { HOLDING, QUEUED, ABSENT }

    public static Standing standing(LockRecord current, long holdId) {
        if (current == null) {
            return Standing.ABSENT;
        }
        if (current.isHeld() && current.holderHold() == holdId) {
            return Standing.HOLDING;
        }
        for (Waiter w : current.waiters()) {
            if (w.holdId() == holdId) {
                return Standing.QUEUED;
            }
        }
        return Standing.ABSENT;
    }

    /**
     * True when the record may be removed: free, nobody queued, and its fence below what a member
     * whose clock is up to {@code skewMillis} behind would start a new record from.
     */
    public static boolean removable(LockRecord current, long now, long skewMillis) {
        return current != null && !current.isHeld() && current.waiters().isEmpty()
                && current.fence() < initialFence(Time.subtract(now, skewMillis));
    }

    /**
     * When an idle record whose last fence is {@code fence} becomes removable: the member time at
     * which {@link #removable} first holds, so the sweep need not look before.
     */
    public static long removableAt(long fence, long skewMillis) {
        return Time.add(fence >> FENCE_SHIFT, skewMillis + 1);
    }

    /**
     * True when a change handed the lock to a queued waiter: the record is held by a hold other than
     * the caller's, and it was not held by that hold before. (The caller's own grant is answered by
     * its reply; a handoff inside a release, a lease's end or a cancel must be told to the waiter.)
     */
    public static boolean handedOver(LockRecord before, LockRecord after, long callerHold) {
        return after != null && after.isHeld() && after.holderHold() != callerHold
                && (before == null || before.holderHold() != after.holderHold());
    }

    /**
     * The leases named by the record (its holder's and its waiters') that {@code ended} says have
     * ended: what a member that heard of their end frees at once, instead of waiting for the lazy
     * path (a merge or a take-over can leave a record naming a lease whose end it never saw).
     */
    public static Set<Long> endedLeases(LockRecord current, LongPredicate ended) {
        if (current == null) {
            return Set.of();
        }
        Set<Long> out = new HashSet<>();
        if (current.isHeld() && ended.test(current.holderLease())) {
            out.add(current.holderLease());
        }
        for (Waiter w : current.waiters()) {
            if (ended.test(w.leaseId())) {
                out.add(w.leaseId());
            }
        }
        return out;
    }

    /** True when the record is free with nobody queued: a candidate for removal later. */
    public static boolean idle(LockRecord r) {
        return r != null && !r.isHeld() && r.waiters().isEmpty();
    }

    private static Option<LockRecord> dropWaiter(LockRecord current, long holdId) {
        List<Waiter> waiters = new ArrayList<>(current.waiters().size());
        for (Waiter w : current.waiters()) {
            if (w.holdId() != holdId) {
                waiters.add(w);
            }
        }
        if (waiters.size() == current.waiters().size()) {
            return Option.none();
        }
        return Option.some(current.withWaiters(waiters));
    }

    private static LockRecord handOff(long lastFence, List<Waiter> queue, long now, long releasedHold) {
        for (int i = 0; i < queue.size(); i++) {
            Waiter w = queue.get(i);
            if (now < w.waitUntil()) {
                return new LockRecord(nextFence(lastFence, now), w.leaseId(), w.holdId(), w.tag(), w.ttl(), now,
                        releasedHold, queue.subList(i + 1, queue.size()));
            }
        }
        return LockRecord.free(lastFence).withLastReleased(releasedHold);
    }
}
