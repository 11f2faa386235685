package io.leasehold.hazelcast.internal.client;

import io.leasehold.LeaseholdUnavailableException;
import io.leasehold.hazelcast.internal.core.Describe;
import io.leasehold.hazelcast.internal.core.HoldDecisions;
import io.leasehold.hazelcast.internal.core.HoldReply;
import io.leasehold.hazelcast.internal.protocol.AcquirePermits;
import io.leasehold.hazelcast.internal.protocol.CancelPermits;
import io.leasehold.hazelcast.internal.protocol.LeaseRead;
import io.leasehold.hazelcast.internal.protocol.PermitStanding;
import io.leasehold.hazelcast.internal.protocol.ReleasePermits;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Acquiring on the holds map, for semaphores and read-write locks alike: one request to the name's
 * owner; when it queues, the wait for the handoff (told through {@link Waiters}, as for locks) with
 * the waiter's own standing check as the safety net (a missed notice, a lost lease, a holder whose
 * lease is gone, which the next try clears): at once when the cluster changes (membership, partition
 * owners, a reconnect, a merge), as a lock's waiter does, and otherwise once a second.
 *
 * <p>Each acquire makes one hold id, outside its retry loop, so a retry is recognised. A call whose
 * outcome stays unknown cancels and releases whatever it may have left, once; failing that, the
 * lease's end frees it.
 */
final class PermitCalls {

    /** How often a waiter checks its standing itself. */
    static final long STANDING_CHECK_MILLIS = 1_000;

    /** The outcome of an acquire: granted (with the hold id and fence), or not, with the last reply. */
    record Outcome(boolean granted, long holdId, long fence, HoldReply reply, boolean leaseLost) {
    }

    private final HoldParts parts;

    PermitCalls(HoldParts parts) {
        this.parts = parts;
    }

    /**
     * Acquires on {@code key} for {@code lease}; waits until {@code deadline} (nanoseconds on the
     * instance's clock) when {@code wait}. A reply that says the request is bad is returned as not
     * granted, for the caller to turn into an error naming its primitive.
     */
    Outcome acquire(String key, String what, LocalLease lease, long count, boolean exclusive, long createLimit,
                    boolean wait, long deadline) throws InterruptedException {
        CompletableFuture<Long> handoff = new CompletableFuture<>();
        long holdId = wait ? parts.waiters().newWaiter(key, handoff) : LocalLeases.newHoldId();
        boolean settled = false;
        try {
            long clear = 0;
            while (true) {
                CompletableFuture<Void> recheck = wait ? parts.waiters().nextRecheck(holdId)
                        : new CompletableFuture<>();
                long waitMillis = wait ? Math.max(1, remainingMillis(deadline)) : 0;
                HoldDecisions.Request req = new HoldDecisions.Request(holdId, lease.id, parts.cluster().tag(),
                        lease.ttlMillis, count, exclusive, waitMillis, clear, createLimit);
                HoldReply reply = send(key, what, holdId, new AcquirePermits(req));
                clear = 0;
                switch (reply.code()) {
                    case GRANTED -> {
                        settled = true;
                        return new Outcome(true, holdId, reply.fence(), reply, false);
                    }
                    case LEASE_ENDED -> {
                        settled = true;
                        parts.leases().leaseLost(lease, lease.describe() + " ended on the cluster");
                        return new Outcome(false, holdId, 0, reply, true);
                    }
                    case QUEUED -> {
                        // waited for below
                    }
                    default -> {
                        if (reply.code() == HoldDecisions.Code.REFUSED && reply.suspectLease() != 0
                                && holderDead(reply.suspectLease())) {
                            clear = reply.suspectLease();
                            continue;
                        }
                        settled = true;
                        return new Outcome(false, holdId, 0, reply, false);
                    }
                }
                while (true) {
                    long remaining = remainingMillis(deadline);
                    if (remaining <= 0) {
                        settled = true;
                        return giveUp(key, what, holdId, false);
                    }
                    try {
                        // The handoff, or a change of the cluster that may have lost it, or a second.
                        CompletableFuture.anyOf(handoff, recheck).get(Math.min(remaining, STANDING_CHECK_MILLIS),
                                TimeUnit.MILLISECONDS);
                    } catch (TimeoutException e) {
                        // the standing check below
                    } catch (ExecutionException e) {
                        throw Outcomes.map(e.getCause(), what);
                    }
                    if (handoff.isDone()) {
                        settled = true;
                        return new Outcome(true, holdId, handoff.getNow(0L), null, false);
                    }
                    recheck = parts.waiters().nextRecheck(holdId); // armed before the check: no change is missed
                    if (!lease.isValid(parts.calls().nanoTime())) {
                        giveUp(key, what, holdId, true);
                        settled = true;
                        return new Outcome(false, holdId, 0, null, true);
                    }
                    HoldReply standing = parts.calls().retrying(
                            () -> parts.holds().executeOnKey(key, new PermitStanding(holdId)), what);
                    if (standing.code() == HoldDecisions.Code.GRANTED) {
                        settled = true;
                        return new Outcome(true, holdId, standing.fence(), standing, false);
                    }
                    if (standing.code() != HoldDecisions.Code.QUEUED) {
                        break; // dropped: queue again
                    }
                    if (standing.suspectLease() != 0 && holderDead(standing.suspectLease())) {
                        clear = standing.suspectLease();
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            giveUp(key, what, holdId, true);
            settled = true;
            throw e;
        } finally {
            if (wait) {
                parts.waiters().waitingDone(holdId);
            }
            if (!settled) {
                giveUpQuietly(key, what, holdId);
            }
        }
    }

    /** Releases one hold by its id; false when the cluster says it is not held (its lease ended). */
    boolean releaseHold(String key, String what, long leaseId, long holdId) {
        HoldReply reply = parts.calls().retrying(() -> parts.holds().executeOnKey(key,
                new ReleasePermits(new HoldDecisions.Release(holdId, leaseId, holdId, 0))), what);
        return reply.code() == HoldDecisions.Code.RELEASED;
    }

    /**
     * Leaves the queue. If the hold was handed over meanwhile, keeps it ({@code release == false}: it
     * arrived in time) or gives it back.
     */
    private Outcome giveUp(String key, String what, long holdId, boolean release) {
        HoldReply reply = parts.calls().retrying(() -> parts.holds().executeOnKey(key, new CancelPermits(holdId)),
                what);
        if (reply.code() != HoldDecisions.Code.GRANTED) {
            return new Outcome(false, holdId, 0, reply, false);
        }
        if (!release) {
            return new Outcome(true, holdId, reply.fence(), reply, false);
        }
        parts.calls().retrying(() -> parts.holds().executeOnKey(key,
                new ReleasePermits(new HoldDecisions.Release(holdId, 0, holdId, 0))), what);
        return new Outcome(false, holdId, 0, reply, false);
    }

    /** After a failure: whatever the call may have left goes back, or stays to its lease's end. */
    private void giveUpQuietly(String key, String what, long holdId) {
        try {
            giveUp(key, what, holdId, true);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(PermitCalls.class).debug(
                    "Leasehold: {} could not take back an unconfirmed acquire; its lease's end will", what, e);
        }
    }

    private HoldReply send(String key, String what, long holdId, AcquirePermits processor) {
        try {
            return parts.calls().retrying(() -> parts.holds().executeOnKey(key, processor), what);
        } catch (Outcomes.Unknown e) {
            throw new LeaseholdUnavailableException(what + ": the acquire was not confirmed (" + e.getMessage()
                    + "); anything it took is given back", e.getCause());
        }
    }

    private boolean holderDead(long holderLease) {
        return !parts.calls().retrying(() -> parts.cluster().leases().executeOnKey(holderLease, new LeaseRead(false)),
                Describe.lease(holderLease)).isOk();
    }

    long deadlineNanos(long waitMillis) {
        long waitNanos = waitMillis >= Long.MAX_VALUE / 2_000_000 ? Long.MAX_VALUE / 2 : waitMillis * 1_000_000;
        return parts.calls().nanoTime() + waitNanos;
    }

    long remainingMillis(long deadline) {
        long left = deadline - parts.calls().nanoTime();
        return left <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
    }
}
