package io.leasehold.hazelcast.internal.client;

import io.leasehold.hazelcast.internal.core.Checks;
import io.leasehold.hazelcast.internal.core.Describe;
import io.leasehold.hazelcast.internal.core.LockDecisions;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.protocol.Acquire;
import io.leasehold.hazelcast.internal.protocol.Cancel;
import io.leasehold.hazelcast.internal.protocol.LeaseRead;
import io.leasehold.hazelcast.internal.protocol.LockRead;
import io.leasehold.hazelcast.internal.protocol.Release;
import io.leasehold.hazelcast.internal.protocol.Standing;
import io.leasehold.LeaseNotFoundException;
import io.leasehold.LeaseholdUnavailableException;
import io.leasehold.LockHandle;
import io.leasehold.LockHolder;
import io.leasehold.LeaseLock;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link LeaseLock} on the {@code locks} map.
 *
 * <p>Round trips. Acquire is one request to the lock's owner: the lock record names the holder's
 * lease, and the session lease keeps no list of names. Release is one request. A handoff to a waiter
 * happens inside the release on the owner and reaches the waiter as one event.
 *
 * <p>Every call settles. Each acquire call makes one hold id, outside its retry loop; an outcome the
 * cluster did not confirm (a dropped connection, a member that left, unconfirmed backups) is retried
 * with the same id, which the lock processors recognise. A call that gives up with its outcome
 * unknown leaves its hold or waiter entry to {@link HoldSettler}, which cancels or releases it.
 *
 * <p>Half-done steps are safe: a lock held by a lease that no longer exists is freed when the lease's
 * end reaches the lock's member, and failing that by the next acquirer, who checks the holder's lease
 * once the holder has held the lock for its whole TTL.
 */
final class LockImpl implements LeaseLock {

    /** How often a waiter checks its standing itself: a missed notice, a lost session, a dead holder. */
    static final long HOLDER_CHECK_MILLIS = 1_000;

    private final Cluster cluster;
    private final Calls calls;
    private final InstanceLifecycle lifecycle;
    private final LocalLeases leases;
    private final Waiters waiters;
    private final HoldSettler settler;
    private final ClientMetrics metrics;
    private final Duration maxTtl;
    private final String name;
    private final String what;

    LockImpl(LockParts parts, String name) {
        this.cluster = parts.cluster();
        this.calls = parts.calls();
        this.lifecycle = parts.lifecycle();
        this.leases = parts.leases();
        this.waiters = parts.waiters();
        this.settler = parts.settler();
        this.metrics = parts.metrics();
        this.maxTtl = parts.maxTtl();
        this.name = name;
        this.what = Describe.lock(name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<LockHandle> tryLock() {
        lifecycle.ensureOpen();
        try {
            return tryOnce(leases.session());
        } catch (LeaseNotFoundException e) {
            // The session lease was found gone on the cluster: one more try with a new session.
            return tryOnce(leases.session());
        }
    }

    @Override
    public CompletionStage<Optional<LockHandle>> tryLockAsync() {
        lifecycle.ensureOpen();
        return CompletableFuture.supplyAsync(this::tryLock, calls.continuations());
    }

    @Override
    public Optional<LockHandle> tryLock(long leaseId) {
        lifecycle.ensureOpen();
        return tryOnce(leases.localLease(leaseId));
    }

    @Override
    public Optional<LockHandle> tryLock(Duration wait) throws InterruptedException {
        long waitMillis = Checks.waitMillis(wait);
        lifecycle.ensureOpen();
        if (waitMillis == 0) {
            return tryLock();
        }
        long deadline = deadlineNanos(waitMillis);
        while (true) {
            Optional<Optional<LockHandle>> outcome;
            try {
                outcome = await(leases.session(), deadline);
            } catch (LeaseNotFoundException e) {
                outcome = Optional.empty(); // the session ended on the cluster: go on with a new one
            }
            if (outcome.isPresent()) {
                return outcome.get();
            }
            // The session was lost while waiting: wait on with a new one, if time is left.
            if (remainingMillis(deadline) <= 0) {
                return Optional.empty();
            }
        }
    }

    @Override
    public Optional<LockHandle> tryLock(long leaseId, Duration wait) throws InterruptedException {
        long waitMillis = Checks.waitMillis(wait);
        lifecycle.ensureOpen();
        LocalLease lease = leases.localLease(leaseId);
        if (waitMillis == 0) {
            return tryOnce(lease);
        }
        Optional<Optional<LockHandle>> outcome = await(lease, deadlineNanos(waitMillis));
        if (outcome.isEmpty()) {
            throw new LeaseNotFoundException(leaseId, "lost while waiting for lock '" + name + "': "
                    + lease.lostReason());
        }
        return outcome.get();
    }

    @Override
    public Optional<LockHandle> tryLock(Duration wait, Duration leaseTime) throws InterruptedException {
        long waitMillis = Checks.waitMillis(wait);
        long ttl = Checks.ttlMillis(leaseTime, maxTtl);
        lifecycle.ensureOpen();
        LocalLease lease = leases.grantNow(ttl, false);
        lease.ownLeaseTime = true;
        // The lease time counts from the acquisition: the lease is kept alive while this call waits.
        lease.keepAlive = waitMillis > 0;
        Optional<LockHandle> handle;
        try {
            handle = waitMillis == 0 ? tryOnce(lease) : await(lease, deadlineNanos(waitMillis)).orElse(Optional.empty());
        } catch (RuntimeException | InterruptedException e) {
            lease.keepAlive = false;
            settler.revokeQuietly(lease.id);
            throw e;
        }
        lease.keepAlive = false;
        if (handle.isEmpty()) {
            settler.revokeQuietly(lease.id);
            return handle;
        }
        ((Hold) handle.get()).ownLease = true;
        if (waitMillis > 0) {
            // It was kept alive while waiting: one renewal from the acquisition, not waited for, and the
            // lease ends leaseTime after it. Got at once, the grant just before the acquire (plus the
            // deadline's slack) already gives the lock its leaseTime: no second message.
            leases.renewFromNow(lease);
        }
        return handle;
    }

    @Override
    public LockHandle lock() throws InterruptedException {
        return tryLock(Duration.ofMillis(Long.MAX_VALUE)).orElseThrow(
                () -> new IllegalStateException("lock '" + name + "': wait without limit ended without the lock"));
    }

    @Override
    public Optional<LockHolder> holder() {
        lifecycle.ensureOpen();
        settler.awaitRelease(name);
        LockReply reply = calls.retrying(() -> cluster.locks().executeOnKey(name, new LockRead()), what);
        if (reply.code() != LockReply.Code.HELD) {
            return Optional.empty();
        }
        if (reply.suspect() && holderDead(reply.holderLease())) {
            // Held for its holder's whole TTL and the holder's lease is gone or past its deadline: the
            // lock is free (the next acquire clears the record), whatever the record still says.
            return Optional.empty();
        }
        return Optional.of(new LockHolder(name, reply.holderLease(), reply.fence(), reply.waiters()));
    }

    // ------------------------------------------------------------------ one attempt, no waiting

    private Optional<LockHandle> tryOnce(LocalLease lease) {
        long started = calls.nanoTime();
        long holdId = LocalLeases.newHoldId();
        LockReply reply = acquire(lease, holdId, 0, 0);
        if (reply.code() == LockReply.Code.GRANTED) {
            return granted(reply.fence(), holdId, lease, started, false);
        }
        if (reply.suspect() && holderDead(reply.holderLease())) {
            LockReply again = acquire(lease, holdId, 0, reply.holderLease());
            if (again.code() == LockReply.Code.GRANTED) {
                return granted(again.fence(), holdId, lease, started, false);
            }
        }
        metrics.countRefused();
        return Optional.empty();
    }

    // ------------------------------------------------------------------ waiting

    /**
     * Queues in the lock record and waits for the handoff notice. Empty when the lease was lost while
     * waiting (the caller may go on with a new session); otherwise the outcome.
     */
    private Optional<Optional<LockHandle>> await(LocalLease lease, long deadline) throws InterruptedException {
        long started = calls.nanoTime();
        CompletableFuture<Long> handoff = new CompletableFuture<>();
        long holdId = waiters.newWaiter(name, handoff);
        boolean settled = false;
        try {
            long clear = 0;
            while (true) {
                CompletableFuture<Void> recheck = waiters.nextRecheck(holdId);
                LockReply reply = acquire(lease, holdId, Math.max(1, remainingMillis(deadline)), clear);
                clear = 0;
                if (reply.code() == LockReply.Code.GRANTED) {
                    settled = true;
                    return Optional.of(granted(reply.fence(), holdId, lease, started, true));
                }
                while (true) {
                    long remaining = remainingMillis(deadline);
                    if (remaining <= 0) {
                        Optional<LockHandle> kept = giveUp(holdId, lease, false);
                        settled = true;
                        if (kept.isEmpty()) {
                            metrics.timedOut(calls.nanoTime() - started);
                        }
                        return Optional.of(kept);
                    }
                    try {
                        // The handoff, or a change of the cluster that may have lost it, or a second.
                        CompletableFuture.anyOf(handoff, recheck).get(Math.min(remaining, HOLDER_CHECK_MILLIS),
                                TimeUnit.MILLISECONDS);
                    } catch (TimeoutException e) {
                        // the standing check below
                    } catch (ExecutionException e) {
                        throw Outcomes.map(e.getCause(), what);
                    }
                    if (handoff.isDone()) {
                        long fence = handoff.getNow(0L);
                        settled = true;
                        return Optional.of(granted(fence, holdId, lease, started, true));
                    }
                    recheck = waiters.nextRecheck(holdId); // armed before the check: no change is missed
                    // Safety net, once a second and at each change of the cluster: a missed notice,
                    // a lost session, a dead holder.
                    if (!lease.isValid(calls.nanoTime())) {
                        giveUp(holdId, lease, true);
                        settled = true;
                        return Optional.empty();
                    }
                    LockReply standing = calls.retrying(
                            () -> cluster.locks().executeOnKey(name, new Standing(holdId)), what);
                    if (standing.code() == LockReply.Code.GRANTED) {
                        settled = true;
                        return Optional.of(granted(standing.fence(), holdId, lease, started, true));
                    }
                    if (standing.code() != LockReply.Code.QUEUED) {
                        break; // not queued any more (free, or dropped): queue again
                    }
                    if (standing.suspect() && holderDead(standing.holderLease())) {
                        clear = standing.holderLease();
                        break;
                    }
                }
            }
        } catch (InterruptedException e) {
            try {
                giveUp(holdId, lease, true);
                settled = true;
            } catch (RuntimeException ignored) {
                // settled below
            }
            throw e;
        } finally {
            waiters.waitingDone(holdId);
            if (!settled) {
                settler.settleWaiter(name, holdId, lease);
            }
        }
    }

    /**
     * Leaves the queue. If the lock was handed over meanwhile, keeps it ({@code release == false}: it
     * arrived in time) or gives it back ({@code release == true}: interrupted, or the lease was lost).
     */
    private Optional<LockHandle> giveUp(long holdId, LocalLease lease, boolean release) {
        LockReply reply = calls.retrying(() -> cluster.locks().executeOnKey(name, new Cancel(holdId)), what);
        if (reply.code() != LockReply.Code.GRANTED) {
            return Optional.empty();
        }
        if (!release) {
            return granted(reply.fence(), holdId, lease, calls.nanoTime(), true);
        }
        calls.retrying(() -> cluster.locks().executeOnKey(name, new Release(holdId)), what);
        return Optional.empty();
    }

    // ------------------------------------------------------------------ plumbing

    /**
     * One acquire, retried with the same hold id while its outcome is unknown. If it stays unknown,
     * whatever it may have left (a hold or a queued entry) is settled in the background.
     */
    private LockReply acquire(LocalLease lease, long holdId, long waitMillis, long clearLease) {
        // This instance's own release of this lock, if still in flight, is carried by the acquire: the
        // member applies it first if the acquire gets there first, so neither waits for the other.
        long afterRelease = settler.carryRelease(name);
        LockDecisions.AcquireRequest request = new LockDecisions.AcquireRequest(holdId, lease.id, cluster.tag(),
                lease.ttlMillis, waitMillis, clearLease, afterRelease);
        LockReply reply;
        try {
            reply = calls.retrying(() -> cluster.locks().executeOnKey(name, new Acquire(request)), what);
        } catch (Outcomes.Unknown e) {
            settler.settleWaiter(name, holdId, lease);
            throw new LeaseholdUnavailableException(what + ": the acquire was not confirmed (" + e.getMessage()
                    + "); anything it took is released in the background", e.getCause());
        }
        if (reply.code() == LockReply.Code.LEASE_ENDED) {
            leases.leaseLost(lease, lease.describe() + " ended on the cluster");
            throw LocalLeases.ended(lease.id, name);
        }
        return reply;
    }

    private boolean holderDead(long holderLease) {
        return !calls.retrying(() -> cluster.leases().executeOnKey(holderLease, new LeaseRead(false)),
                Describe.lease(holderLease)).isOk();
    }

    private Optional<LockHandle> granted(long fence, long holdId, LocalLease lease, long started, boolean waited) {
        metrics.acquired(calls.nanoTime() - started, waited);
        Hold hold = leases.newHold(name, fence, holdId, lease);
        waiters.made(hold);
        return Optional.of(hold);
    }

    private long deadlineNanos(long waitMillis) {
        long now = calls.nanoTime();
        long waitNanos = waitMillis >= Long.MAX_VALUE / 2_000_000 ? Long.MAX_VALUE / 2 : waitMillis * 1_000_000;
        return now + waitNanos;
    }

    private long remainingMillis(long deadline) {
        long left = deadline - calls.nanoTime();
        return left <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
    }
}
