package io.leasehold.hazelcast.internal.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The counted-hold state machine that semaphores and read-write locks share: pure functions from
 * (record, request, now) to a {@link Decision}. No clock, no I/O.
 *
 * <p><b>Rules.</b> Permits out never exceed the limit: a counted request fits when
 * {@code out + count <= limit}, an exclusive one when nothing is out (it then holds {@code limit}).
 * Waiters are served strictly first come, first served: a request is granted only when every live
 * waiter ahead of it has been granted, so a large request at the head is not starved by small ones
 * behind it, and a writer is not starved by a stream of readers. Every grant takes the fence
 * {@link LockDecisions#nextFence}, so a fence is above every earlier one on the name, across
 * releases and lease ends. After every change the queue is served from its head while the head fits
 * ({@link #promote}); waiters whose wait ran out are dropped on the way.
 *
 * <p>Every request carries an id made once per call, so a retry is recognised: an acquire finds its
 * hold, a release finds its id among the record's recent releases.
 */
public final class HoldDecisions {

    private HoldDecisions() {
    }

    /** What happened. */
    public enum Code {
        GRANTED, QUEUED, REFUSED, RELEASED, NOT_HELD, CANCELLED, ABSENT,
        /** The requester's lease has ended (this member heard so): nothing was taken or queued. */
        LEASE_ENDED,
        /** No record: a semaphore that was never initialised. */
        UNKNOWN_NAME,
        /** More permits than the semaphore has, asked without waiting (a waiting request queues for an increase). */
        TOO_MANY,
        /** A count that is zero, negative, or would take the limit out of range. */
        BAD_COUNT,
        /** init on a semaphore that was initialised before: nothing changed. */
        ALREADY,
        /** init, increase, reduce, drain or a read done. */
        DONE
    }

    /**
     * An acquire (or drain) request.
     *
     * @param count       permits asked for (ignored when {@code exclusive})
     * @param waitMillis  how long to queue; 0 means do not queue
     * @param clearLease  a holder's lease the requester found gone: its holds are cleared first (0: none)
     * @param createLimit the limit of a record made on first use (a read-write lock); 0: the name must exist
     */
    public record Request(long holdId, long leaseId, long tag, long ttl, long count, boolean exclusive,
                          long waitMillis, long clearLease, long createLimit) {
    }

    /** A release: of one hold ({@code holdId != 0}), or of {@code count} permits the lease holds. */
    public record Release(long releaseId, long leaseId, long holdId, long count) {
    }

    /**
     * The outcome. {@code next} is the record to store (null: none), {@code changed} whether to store
     * it; {@code fence} the caller's fence when granted; {@code count} the permits granted or drained,
     * or, for NOT_HELD, the permits the lease does hold; {@code suspectLease} a holder's lease whose hold
     * is older than its TTL (worth checking it is alive), 0 when none.
     */
    public record Decision(Code code, HoldRecord next, boolean changed, long fence, long count, long suspectLease) {
        static Decision of(Code code, HoldRecord before, HoldRecord next, long fence, long count, long suspect) {
            return new Decision(code, next, !Objects.equals(before, next), fence, count, suspect);
        }
    }

    /** A fresh record with this limit. */
    public static HoldRecord fresh(long limit) {
        return new HoldRecord(limit, 0, List.of(), List.of(), List.of());
    }

    /** Acquire by a lease this member has not heard to have ended. */
    public static Decision acquire(HoldRecord current, Request req, long now) {
        return acquire(current, req, false, now);
    }

    /**
     * Acquire: grant, queue (when {@code waitMillis > 0}) or refuse. {@code leaseEnded} says this
     * member heard the requester's lease ended: such a request neither takes nor queues.
     */
    public static Decision acquire(HoldRecord current, Request req, boolean leaseEnded, long now) {
        HoldRecord rec = current;
        if (rec == null) {
            if (req.createLimit() <= 0) {
                return new Decision(Code.UNKNOWN_NAME, null, false, 0, 0, 0);
            }
            rec = fresh(req.createLimit());
        }
        if (req.clearLease() != 0) {
            rec = releaseLeases(rec, Set.of(req.clearLease()), now).next();
        }
        PermitHold mine = rec.hold(req.holdId());
        if (mine != null) {
            return Decision.of(Code.GRANTED, current, rec, mine.fence(), mine.count(), 0);
        }
        if (leaseEnded) {
            return Decision.of(Code.LEASE_ENDED, current, dropEmpty(current, dropWaiter(rec, req.holdId())), 0,
                    0, 0);
        }
        if (!req.exclusive() && req.count() <= 0) {
            return Decision.of(Code.BAD_COUNT, current, dropEmpty(current, rec), 0, 0, 0);
        }
        if (!req.exclusive() && req.count() > rec.limit() && req.waitMillis() <= 0) {
            // Not now, nor ever at this count. A waiting request queues: an increase may let it in.
            return Decision.of(Code.TOO_MANY, current, dropEmpty(current, rec), 0, rec.limit(), 0);
        }
        long waitUntil = req.waitMillis() > 0 ? Time.add(now, req.waitMillis()) : Long.MAX_VALUE;
        PermitWaiter me = new PermitWaiter(req.holdId(), req.leaseId(), req.tag(), req.ttl(),
                req.exclusive() ? 0 : req.count(), req.exclusive(), waitUntil);
        List<PermitWaiter> queue = new ArrayList<>(rec.waiters().size() + 1);
        boolean replaced = false;
        for (PermitWaiter w : rec.waiters()) {
            if (w.holdId() == req.holdId()) {
                queue.add(me); // a retry, or a waiter queuing again: it keeps its place
                replaced = true;
            } else {
                queue.add(w);
            }
        }
        if (!replaced) {
            queue.add(me);
        }
        HoldRecord served = promote(rec.with(rec.limit(), rec.fence(), rec.holds(), queue), now, req.holdId());
        PermitHold got = served.hold(req.holdId());
        if (got != null) {
            return Decision.of(Code.GRANTED, current, served, got.fence(), got.count(), 0);
        }
        if (req.waitMillis() > 0) {
            return Decision.of(Code.QUEUED, current, served, 0, 0, suspect(served, now));
        }
        HoldRecord refused = dropEmpty(current, dropWaiter(served, req.holdId()));
        return Decision.of(Code.REFUSED, current, refused, 0, 0, suspect(refused, now));
    }

    /**
     * Release one hold, or a count of permits the lease holds (newest holds first). The next waiters
     * that fit are granted inside it. A retry of a release already applied changes nothing.
     */
    public static Decision release(HoldRecord current, Release req, long now) {
        if (current == null) {
            return new Decision(Code.NOT_HELD, null, false, 0, 0, 0);
        }
        if (current.recentReleases().contains(req.releaseId())) {
            return Decision.of(Code.RELEASED, current, current, 0, 0, 0);
        }
        List<PermitHold> holds = new ArrayList<>(current.holds());
        if (req.holdId() != 0) {
            PermitHold h = current.hold(req.holdId());
            if (h == null) {
                return Decision.of(Code.NOT_HELD, current, current, 0, 0, 0);
            }
            holds.remove(h);
        } else {
            if (req.count() <= 0) {
                return Decision.of(Code.BAD_COUNT, current, current, 0, 0, 0);
            }
            long held = heldBy(current, req.leaseId());
            if (held < req.count()) {
                return Decision.of(Code.NOT_HELD, current, current, 0, held, 0);
            }
            long left = req.count();
            for (int i = holds.size() - 1; i >= 0 && left > 0; i--) {
                PermitHold h = holds.get(i);
                if (h.leaseId() != req.leaseId() || h.exclusive()) {
                    continue;
                }
                long take = Math.min(left, h.count());
                left -= take;
                if (take == h.count()) {
                    holds.remove(i);
                } else {
                    holds.set(i, h.withCount(h.count() - take));
                }
            }
        }
        HoldRecord next = promote(current.with(current.limit(), current.fence(), holds, current.waiters()), now)
                .withRelease(req.releaseId());
        return Decision.of(Code.RELEASED, current, next, 0, req.count(), 0);
    }

    /** The record with {@code id} remembered as applied, so a retry of that change is recognised. */
    public static HoldRecord remember(HoldRecord rec, long id) {
        return rec.withRelease(id);
    }

    /** Permits the lease holds through counted holds. */
    public static long heldBy(HoldRecord current, long leaseId) {
        long held = 0;
        if (current != null) {
            for (PermitHold h : current.holds()) {
                if (h.leaseId() == leaseId && !h.exclusive()) {
                    held += h.count();
                }
            }
        }
        return held;
    }

    /** A waiter gives up: leaves the queue (CANCELLED), or learns it was granted already (GRANTED). */
    public static Decision cancel(HoldRecord current, long holdId, long now) {
        if (current == null) {
            return new Decision(Code.CANCELLED, null, false, 0, 0, 0);
        }
        PermitHold h = current.hold(holdId);
        if (h != null) {
            return Decision.of(Code.GRANTED, current, current, h.fence(), h.count(), 0);
        }
        HoldRecord dropped = dropWaiter(current, holdId);
        // A large request leaving the head may let the smaller ones behind it in.
        HoldRecord next = dropped == current ? current : promote(dropped, now);
        return Decision.of(Code.CANCELLED, current, next, 0, 0, 0);
    }

    /** Removes every hold and waiter of these leases; the next waiters that fit are granted. */
    public static Decision releaseLeases(HoldRecord current, Set<Long> leaseIds, long now) {
        if (current == null) {
            return new Decision(Code.RELEASED, null, false, 0, 0, 0);
        }
        List<PermitHold> holds = new ArrayList<>(current.holds().size());
        for (PermitHold h : current.holds()) {
            if (!leaseIds.contains(h.leaseId())) {
                holds.add(h);
            }
        }
        List<PermitWaiter> waiters = new ArrayList<>(current.waiters().size());
        for (PermitWaiter w : current.waiters()) {
            if (!leaseIds.contains(w.leaseId())) {
                waiters.add(w);
            }
        }
        if (holds.size() == current.holds().size() && waiters.size() == current.waiters().size()) {
            return Decision.of(Code.RELEASED, current, current, 0, 0, 0);
        }
        HoldRecord next = promote(current.with(current.limit(), current.fence(), holds, waiters), now);
        return Decision.of(Code.RELEASED, current, next, 0, 0, 0);
    }

    /** Sets the limit of a name that has no record yet; ALREADY (nothing changed) when it has one. */
    public static Decision init(HoldRecord current, long permits) {
        if (permits < 0 || permits > Integer.MAX_VALUE) {
            return Decision.of(Code.BAD_COUNT, current, current, 0, 0, 0);
        }
        if (current != null) {
            return Decision.of(Code.ALREADY, current, current, 0, current.limit(), 0);
        }
        return Decision.of(Code.DONE, null, fresh(permits), 0, permits, 0);
    }

    /**
     * Raises ({@code delta > 0}) or lowers the limit. A lower limit may leave fewer permits than are
     * out (available turns negative until enough come back); it never goes below zero or above
     * {@link Integer#MAX_VALUE}. A raise serves the queue.
     */
    public static Decision changeLimit(HoldRecord current, long delta, long now) {
        if (current == null) {
            return new Decision(Code.UNKNOWN_NAME, null, false, 0, 0, 0);
        }
        long limit = current.limit() + delta;
        if (delta == 0 || limit < 0 || limit > Integer.MAX_VALUE) {
            return Decision.of(Code.BAD_COUNT, current, current, 0, current.limit(), 0);
        }
        HoldRecord next = promote(current.with(limit, current.fence(), current.holds(), current.waiters()), now);
        return Decision.of(Code.DONE, current, next, 0, limit, 0);
    }

    /** Takes every permit available now as one hold of the requester's lease; DONE with the count. */
    public static Decision drain(HoldRecord current, Request req, long now) {
        if (current == null) {
            return new Decision(Code.UNKNOWN_NAME, null, false, 0, 0, 0);
        }
        PermitHold mine = current.hold(req.holdId());
        if (mine != null) {
            return Decision.of(Code.DONE, current, current, mine.fence(), mine.count(), 0);
        }
        long available = current.available();
        if (available <= 0) {
            return Decision.of(Code.DONE, current, current, 0, 0, 0);
        }
        long fence = LockDecisions.nextFence(current.fence(), now);
        List<PermitHold> holds = new ArrayList<>(current.holds());
        holds.add(new PermitHold(req.holdId(), req.leaseId(), req.tag(), req.ttl(), available, false, now, fence));
        return Decision.of(Code.DONE, current, current.with(current.limit(), fence, holds, current.waiters()), fence,
                available, 0);
    }

    /** Where a hold stands: GRANTED (with its fence), QUEUED or ABSENT; {@code suspectLease} as for acquire. */
    public static Decision standing(HoldRecord current, long holdId, long now) {
        if (current == null) {
            return new Decision(Code.ABSENT, null, false, 0, 0, 0);
        }
        PermitHold h = current.hold(holdId);
        if (h != null) {
            return new Decision(Code.GRANTED, current, false, h.fence(), h.count(), 0);
        }
        for (PermitWaiter w : current.waiters()) {
            if (w.holdId() == holdId) {
                return new Decision(Code.QUEUED, current, false, 0, 0, suspect(current, now));
            }
        }
        return new Decision(Code.ABSENT, current, false, 0, 0, 0);
    }

    /**
     * Serves the queue from its head while the head fits, each grant with the next fence; drops
     * waiters whose wait ran out. Stops at the first live waiter that does not fit (strict FIFO).
     */
    public static HoldRecord promote(HoldRecord rec, long now) {
        return promote(rec, now, 0);
    }

    /** {@link #promote}, where the waiter {@code asking} (the caller, trying now) counts as live whatever the clock says. */
    private static HoldRecord promote(HoldRecord rec, long now, long asking) {
        List<PermitHold> holds = new ArrayList<>(rec.holds());
        List<PermitWaiter> rest = new ArrayList<>(rec.waiters().size());
        long out = rec.out();
        long fence = rec.fence();
        boolean blocked = false;
        for (PermitWaiter w : rec.waiters()) {
            if (now >= w.waitUntil() && w.holdId() != asking) {
                continue;
            }
            long need = w.exclusive() ? rec.limit() : w.count();
            if (blocked || !(w.exclusive() ? out == 0 : out + need <= rec.limit())) {
                blocked = true;
                rest.add(w);
                continue;
            }
            fence = LockDecisions.nextFence(fence, now);
            holds.add(new PermitHold(w.holdId(), w.leaseId(), w.tag(), w.ttl(), need, w.exclusive(), now, fence));
            out += need;
        }
        if (holds.size() == rec.holds().size() && rest.size() == rec.waiters().size()) {
            return rec;
        }
        return rec.with(rec.limit(), fence, holds, rest);
    }

    /**
     * The holds in {@code after} that a change granted to someone other than the caller: each must be
     * told to its waiter (the caller's own grant is answered by its reply).
     */
    public static List<PermitHold> handedOver(HoldRecord before, HoldRecord after, long callerHold) {
        if (after == null) {
            return List.of();
        }
        List<PermitHold> granted = new ArrayList<>();
        for (PermitHold h : after.holds()) {
            if (h.holdId() != callerHold && (before == null || before.hold(h.holdId()) == null)) {
                granted.add(h);
            }
        }
        return granted;
    }

    /** The lease of the oldest hold held for at least its TTL, or 0. */
    static long suspect(HoldRecord rec, long now) {
        if (rec == null) {
            return 0;
        }
        for (PermitHold h : rec.holds()) {
            if (Time.subtract(now, h.acquiredAt()) >= h.ttl()) {
                return h.leaseId();
            }
        }
        return 0;
    }

    private static HoldRecord dropWaiter(HoldRecord rec, long holdId) {
        List<PermitWaiter> waiters = new ArrayList<>(rec.waiters().size());
        for (PermitWaiter w : rec.waiters()) {
            if (w.holdId() != holdId) {
                waiters.add(w);
            }
        }
        return waiters.size() == rec.waiters().size() ? rec
                : rec.with(rec.limit(), rec.fence(), rec.holds(), waiters);
    }

    /** A record made for this request that holds nothing is not stored. */
    private static HoldRecord dropEmpty(HoldRecord current, HoldRecord next) {
        if (current == null && next != null && next.holds().isEmpty() && next.waiters().isEmpty()) {
            return null;
        }
        return next;
    }
}
