package io.leasehold.hazelcast.internal.client;

import io.leasehold.LeaseNotFoundException;
import io.leasehold.LeaseSemaphore;
import io.leasehold.PermitsNotHeldException;
import io.leasehold.hazelcast.internal.core.Checks;
import io.leasehold.hazelcast.internal.core.HoldDecisions;
import io.leasehold.hazelcast.internal.core.HoldReply;
import io.leasehold.hazelcast.internal.core.Maps;
import io.leasehold.hazelcast.internal.protocol.ChangePermits;
import io.leasehold.hazelcast.internal.protocol.DrainPermits;
import io.leasehold.hazelcast.internal.protocol.PermitRead;
import io.leasehold.hazelcast.internal.protocol.ReleasePermits;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * A {@link LeaseSemaphore} on the holds map (key {@code "semaphore/" + name}). Permits belong to the
 * session lease, or to the lease given to {@link #onLease}. Each call is one request to the
 * semaphore's owner, plus the wait for a handoff when it queues ({@link PermitCalls}).
 */
final class SemaphoreImpl implements LeaseSemaphore {

    private final HoldParts parts;
    private final PermitCalls permits;
    private final String name;
    private final String key;
    private final String what;
    /** The lease given to {@link #onLease}, or 0 for the session lease. */
    private final long leaseId;

    SemaphoreImpl(HoldParts parts, String name, long leaseId) {
        this.parts = parts;
        this.permits = new PermitCalls(parts);
        this.name = name;
        this.key = Maps.semaphoreKey(name);
        this.what = "semaphore '" + name + "'";
        this.leaseId = leaseId;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public LeaseSemaphore onLease(long lease) {
        return new SemaphoreImpl(parts, name, Checks.leaseId(lease, what));
    }

    @Override
    public boolean init(int count) {
        parts.lifecycle().ensureOpen();
        if (count < 0) {
            throw new IllegalArgumentException(what + ": the permit count must not be negative, got " + count);
        }
        HoldReply reply = call(() -> parts.holds().executeOnKey(key, ChangePermits.init(count)));
        return reply.code() == HoldDecisions.Code.DONE;
    }

    @Override
    public long acquire(int count) throws InterruptedException {
        return tryAcquire(count, Duration.ofMillis(Long.MAX_VALUE)).orElseThrow(
                () -> new IllegalStateException(what + ": waited forever"));
    }

    @Override
    public OptionalLong tryAcquire(int count) {
        try {
            return acquire(count, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    @Override
    public OptionalLong tryAcquire(int count, Duration wait) throws InterruptedException {
        return acquire(count, Checks.waitMillis(wait, what));
    }

    private OptionalLong acquire(int count, long waitMillis) throws InterruptedException {
        parts.lifecycle().ensureOpen();
        positive(count, "acquire");
        long deadline = permits.deadlineNanos(waitMillis);
        while (true) {
            LocalLease lease = lease();
            PermitCalls.Outcome o = permits.acquire(key, what, lease, count, false, 0, waitMillis > 0, deadline);
            if (o.granted()) {
                parts.metrics().holdAcquired(ClientMetrics.SEMAPHORE, count);
                return OptionalLong.of(o.fence());
            }
            if (o.leaseLost()) {
                if (leaseId != 0) {
                    throw new LeaseNotFoundException(leaseId, "ended while acquiring permits of " + what);
                }
                if (waitMillis > 0 && permits.remainingMillis(deadline) > 0) {
                    continue; // the session was lost: go on with a new one while time is left
                }
                parts.metrics().holdNotAcquired(ClientMetrics.SEMAPHORE);
                return OptionalLong.empty();
            }
            if (o.reply() != null) {
                refuseBad(o.reply(), count, "acquire");
            }
            parts.metrics().holdNotAcquired(ClientMetrics.SEMAPHORE);
            return OptionalLong.empty();
        }
    }

    @Override
    public void release(int count) {
        parts.lifecycle().ensureOpen();
        positive(count, "release");
        long lease = leaseId != 0 ? leaseId : sessionOrZero();
        if (lease == 0) {
            throw new PermitsNotHeldException(name, 0, count, 0);
        }
        long releaseId = LocalLeases.newHoldId();
        HoldReply reply = call(() -> parts.holds().executeOnKey(key,
                new ReleasePermits(new HoldDecisions.Release(releaseId, lease, 0, count))));
        if (reply.code() == HoldDecisions.Code.NOT_HELD) {
            throw new PermitsNotHeldException(name, lease, count, reply.count());
        }
        refuseBad(reply, count, "release");
        parts.metrics().holdReleased(ClientMetrics.SEMAPHORE, count);
    }

    @Override
    public int availablePermits() {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, read().available()));
    }

    @Override
    public int heldPermits() {
        return (int) Math.min(Integer.MAX_VALUE, read().count());
    }

    private HoldReply read() {
        parts.lifecycle().ensureOpen();
        long lease = leaseId != 0 ? leaseId : sessionOrZero();
        HoldReply reply = call(() -> parts.holds().executeOnKey(key, new PermitRead(lease)));
        refuseBad(reply, 0, "read");
        return reply;
    }

    @Override
    public int drainPermits() {
        parts.lifecycle().ensureOpen();
        LocalLease lease = lease();
        HoldDecisions.Request req = new HoldDecisions.Request(LocalLeases.newHoldId(), lease.id, parts.cluster().tag(),
                lease.ttlMillis, 0, false, 0, 0, 0);
        HoldReply reply = call(() -> parts.holds().executeOnKey(key, new DrainPermits(req)));
        if (reply.code() == HoldDecisions.Code.LEASE_ENDED) {
            parts.leases().leaseLost(lease, lease.describe() + " ended on the cluster");
            throw LocalLeases.ended(lease.id, name);
        }
        refuseBad(reply, 0, "drain");
        if (reply.count() > 0) {
            parts.metrics().holdAcquired(ClientMetrics.SEMAPHORE, reply.count());
        }
        return (int) reply.count();
    }

    @Override
    public void increasePermits(int increase) {
        positive(increase, "increase"); // before the sign is taken off below
        change(increase, "increase");
    }

    @Override
    public void reducePermits(int reduction) {
        positive(reduction, "reduce"); // a negative reduction must not raise the count
        change(-(long) reduction, "reduce");
    }

    private void change(long delta, String verb) {
        parts.lifecycle().ensureOpen();
        positive(Math.abs(delta), verb);
        long changeId = LocalLeases.newHoldId();
        HoldReply reply = call(() -> parts.holds().executeOnKey(key, ChangePermits.change(delta, changeId)));
        if (reply.code() == HoldDecisions.Code.BAD_COUNT) {
            throw new IllegalArgumentException(what + " has " + reply.limit() + " permits: " + verb + " by "
                    + Math.abs(delta) + " would take the count " + (delta > 0 ? "above " + Integer.MAX_VALUE
                    : "below 0") + "; nothing changed");
        }
        refuseBad(reply, 0, verb);
    }

    private void positive(long count, String verb) {
        if (count <= 0) {
            throw new IllegalArgumentException(what + ": " + verb + " needs a positive number of permits, got "
                    + count);
        }
    }

    /** Turns a reply that says the request was bad into an error naming the semaphore. */
    private void refuseBad(HoldReply reply, long count, String verb) {
        switch (reply.code()) {
            case UNKNOWN_NAME -> throw new IllegalStateException(what + " does not exist: call init(permits) first");
            case TOO_MANY -> throw new IllegalArgumentException(what + " has " + reply.count() + " permits in all: "
                    + verb + "(" + count + ") could never be granted; nothing changed");
            case BAD_COUNT -> throw new IllegalArgumentException(what + ": " + verb + "(" + count
                    + ") is out of range; nothing changed");
            default -> {
            }
        }
    }

    private LocalLease lease() {
        return leaseId != 0 ? parts.leases().localLease(leaseId) : parts.leases().session();
    }

    private long sessionOrZero() {
        LocalLease s = parts.leases().validSession();
        return s == null ? 0 : s.id;
    }

    private HoldReply call(Supplier<HoldReply> op) {
        return parts.calls().retrying(op, what);
    }
}
