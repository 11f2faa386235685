package io.leasehold.hazelcast.internal;

import io.leasehold.LeaseLock;
import io.leasehold.LeaseNotFoundException;
import io.leasehold.LockHandle;
import io.leasehold.LockHolder;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link LeaseLock} on the {@code locks} map.
 *
 * <p>Round trips. Acquire is one request to the lock's owner; the first acquire of a lock name under
 * a lease also attaches the name to the lease, sent in parallel, so it costs no extra latency (later
 * acquires under the same lease skip it). Release is one request. A handoff to a waiter happens
 * inside the release on the owner and reaches the waiter as one event.
 *
 * <p>Half-done steps are safe: an acquire whose attach finds the lease gone is undone at once, and a
 * lock held by a lease that no longer exists is freed by the next acquirer, who checks the holder's
 * lease once the holder has held the lock for its whole TTL.
 */
final class LockImpl implements LeaseLock {

    private final LeaseholdClient client;
    private final String name;

    LockImpl(LeaseholdClient client, String name) {
        this.client = client;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<LockHandle> tryLock() {
        try {
            return tryOnce(client.session());
        } catch (LeaseNotFoundException e) {
            // The session lease was found gone on the cluster: one more try with a new session.
            return tryOnce(client.session());
        }
    }

    @Override
    public CompletionStage<Optional<LockHandle>> tryLockAsync() {
        client.ensureOpen();
        return CompletableFuture.supplyAsync(this::tryLock, client.callbacks());
    }

    @Override
    public Optional<LockHandle> tryLock(long leaseId) {
        return tryOnce(client.localLease(leaseId));
    }

    @Override
    public Optional<LockHandle> tryLock(Duration wait) throws InterruptedException {
        long waitMillis = Checks.waitMillis(wait);
        if (waitMillis == 0) {
            return tryLock();
        }
        long deadline = deadlineNanos(waitMillis);
        while (true) {
            Optional<Optional<LockHandle>> outcome = await(client.session(), deadline);
            if (outcome.isPresent()) {
                return outcome.get();
            }
            // The session was lost while waiting: wait on with a new one, if time is left.
        }
    }

    @Override
    public Optional<LockHandle> tryLock(long leaseId, Duration wait) throws InterruptedException {
        long waitMillis = Checks.waitMillis(wait);
        LocalLease lease = client.localLease(leaseId);
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
    public LockHandle lock() throws InterruptedException {
        return tryLock(Duration.ofMillis(Long.MAX_VALUE)).orElseThrow(
                () -> new IllegalStateException("lock '" + name + "': wait without limit ended without the lock"));
    }

    @Override
    public Optional<LockHolder> holder() {
        LockReply reply = read();
        if (reply.code() != LockReply.Code.HELD) {
            return Optional.empty();
        }
        return Optional.of(new LockHolder(name, reply.holderLease(), reply.fence(), reply.waiters()));
    }

    // ------------------------------------------------------------------ one attempt, no waiting

    private Optional<LockHandle> tryOnce(LocalLease lease) {
        long holdId = LeaseholdClient.newHoldId();
        LockReply reply = acquire(lease, request(holdId, lease, 0, 0));
        if (reply.code() == LockReply.Code.GRANTED) {
            return granted(reply.fence(), holdId, lease);
        }
        if (reply.suspect() && holderDead(reply.holderLease())) {
            LockReply again = acquire(lease, request(holdId, lease, 0, reply.holderLease()));
            if (again.code() == LockReply.Code.GRANTED) {
                return granted(again.fence(), holdId, lease);
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ waiting

    /**
     * Queues in the lock record and waits for the handoff event. Empty when the lease was lost while
     * waiting (the caller may go on with a new session); otherwise the outcome.
     */
    private Optional<Optional<LockHandle>> await(LocalLease lease, long deadline) throws InterruptedException {
        long holdId = LeaseholdClient.newHoldId();
        CompletableFuture<Long> handoff = new CompletableFuture<>();
        client.handoffs().put(holdId, handoff);
        try {
            long clear = 0;
            while (true) {
                LockReply reply = acquire(lease, request(holdId, lease, Math.max(1, remainingMillis(deadline)), clear));
                clear = 0;
                if (reply.code() == LockReply.Code.GRANTED) {
                    return Optional.of(granted(reply.fence(), holdId, lease));
                }
                while (true) {
                    long remaining = remainingMillis(deadline);
                    if (remaining <= 0) {
                        return Optional.of(giveUp(holdId, lease, false));
                    }
                    try {
                        long fence = handoff.get(Math.min(remaining, LeaseholdClient.HOLDER_CHECK_MILLIS),
                                TimeUnit.MILLISECONDS);
                        return Optional.of(granted(fence, holdId, lease));
                    } catch (TimeoutException e) {
                        // Safety net, once a second at most: a missed event, a lost session, a dead holder.
                        if (!lease.isValid(client.nanoTime())) {
                            giveUp(holdId, lease, true);
                            return Optional.empty();
                        }
                        LockReply current = read();
                        if (current.code() == LockReply.Code.HELD && current.holderHold() == holdId) {
                            return Optional.of(granted(current.fence(), holdId, lease));
                        }
                        if (current.code() == LockReply.Code.FREE) {
                            break;
                        }
                        if (current.suspect() && holderDead(current.holderLease())) {
                            clear = current.holderLease();
                            break;
                        }
                    } catch (ExecutionException e) {
                        throw LeaseholdClient.unwrap(e.getCause(), Describe.lock(name));
                    }
                }
            }
        } catch (InterruptedException e) {
            giveUp(holdId, lease, true);
            throw e;
        } finally {
            client.handoffs().remove(holdId);
        }
    }

    /**
     * Leaves the queue. If the lock was handed over meanwhile, keeps it ({@code release == false}: it
     * arrived in time) or gives it back ({@code release == true}: interrupted, or the lease was lost).
     */
    private Optional<LockHandle> giveUp(long holdId, LocalLease lease, boolean release) {
        LockReply reply = client.call(() -> client.locks.executeOnKey(name, new Processors.Cancel(holdId)),
                Describe.lock(name));
        if (reply.code() != LockReply.Code.GRANTED) {
            return Optional.empty();
        }
        if (!release) {
            return granted(reply.fence(), holdId, lease);
        }
        HandoffNotice.sendIfHandedOff(client.hz, name,
                client.call(() -> client.locks.executeOnKey(name, new Processors.Release(holdId)), Describe.lock(name)));
        return Optional.empty();
    }

    // ------------------------------------------------------------------ plumbing

    private LockDecisions.AcquireRequest request(long holdId, LocalLease lease, long waitMillis, long clearLease) {
        return new LockDecisions.AcquireRequest(holdId, lease.id, client.tag, lease.ttlMillis, waitMillis, clearLease);
    }

    /**
     * Sends the acquire, and the attach of this name to the lease if this lease has not attached it
     * yet: both in flight at once, so the first acquire under a lease costs no extra latency.
     */
    private LockReply acquire(LocalLease lease, LockDecisions.AcquireRequest request) {
        if (lease.attached.contains(name)) {
            LockReply reply = client.call(() -> client.locks.executeOnKey(name, new Processors.Acquire(request)),
                    Describe.lock(name));
            HandoffNotice.sendIfHandedOff(client.hz, name, reply);
            return reply;
        }
        CompletionStage<LeaseReply> attach =
                client.leases.submitToKey(lease.id, new Processors.Attach(List.of(name), false));
        LockReply reply = client.call(() -> client.locks.executeOnKey(name, new Processors.Acquire(request)),
                Describe.lock(name));
        HandoffNotice.sendIfHandedOff(client.hz, name, reply);
        LeaseReply attached = LeaseholdClient.join(attach, Describe.lease(lease.id));
        if (attached.isOk()) {
            lease.attached.add(name);
            return reply;
        }
        // The lease is gone: undo whatever the acquire did (a grant or a queued waiter).
        LeaseNotFoundException gone = new LeaseNotFoundException(lease.id,
                Describe.failure(attached.failure()) + "; cannot lock '" + name + "' with it");
        try {
            HandoffNotice.sendIfHandedOff(client.hz, name,
                    client.locks.executeOnKey(name, new Processors.ReleaseLeases(Set.of(lease.id))));
        } finally {
            client.leaseLost(lease, gone.getMessage());
        }
        throw gone;
    }

    private LockReply read() {
        return client.call(() -> client.locks.executeOnKey(name, new Processors.LockRead()), Describe.lock(name));
    }

    private boolean holderDead(long holderLease) {
        return !client.call(() -> client.leases.executeOnKey(holderLease, new Processors.LeaseRead()),
                Describe.lease(holderLease)).isOk();
    }

    private Optional<LockHandle> granted(long fence, long holdId, LocalLease lease) {
        return Optional.of(client.newHold(name, fence, holdId, lease));
    }

    private long deadlineNanos(long waitMillis) {
        long now = client.nanoTime();
        long waitNanos = waitMillis >= Long.MAX_VALUE / 2_000_000 ? Long.MAX_VALUE / 2 : waitMillis * 1_000_000;
        return now + waitNanos;
    }

    private long remainingMillis(long deadline) {
        long left = deadline - client.nanoTime();
        return left <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
    }

}
