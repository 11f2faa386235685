package io.leasehold.hazelcast.internal.client;

import io.leasehold.LeaseNotFoundException;
import io.leasehold.LeaseReadWriteLock;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.internal.core.Checks;
import io.leasehold.hazelcast.internal.core.Maps;

import java.time.Duration;
import java.util.Optional;

/**
 * A {@link LeaseReadWriteLock} on the holds map (key {@code "rwlock/" + name}): the counted-hold
 * model with {@link Integer#MAX_VALUE} permits, where a shared hold takes one and an exclusive hold
 * takes them all. The record is made on first use.
 */
final class ReadWriteLockImpl implements LeaseReadWriteLock {

    private static final long LIMIT = Integer.MAX_VALUE;

    private final HoldParts parts;
    private final PermitCalls permits;
    private final String name;
    private final String key;
    private final String what;
    private final long leaseId;

    ReadWriteLockImpl(HoldParts parts, String name, long leaseId) {
        this.parts = parts;
        this.permits = new PermitCalls(parts);
        this.name = name;
        this.key = Maps.readWriteKey(name);
        this.what = "read-write lock '" + name + "'";
        this.leaseId = leaseId;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public LeaseReadWriteLock onLease(long lease) {
        return new ReadWriteLockImpl(parts, name, Checks.leaseId(lease, what));
    }

    @Override
    public Optional<LockHandle> tryLockShared() {
        return tryNow(false);
    }

    @Override
    public Optional<LockHandle> tryLockShared(Duration wait) throws InterruptedException {
        return take(false, Checks.waitMillis(wait, what));
    }

    @Override
    public Optional<LockHandle> tryLockExclusive() {
        return tryNow(true);
    }

    @Override
    public Optional<LockHandle> tryLockExclusive(Duration wait) throws InterruptedException {
        return take(true, Checks.waitMillis(wait, what));
    }

    @Override
    public LockHandle lockShared() throws InterruptedException {
        return take(false, Long.MAX_VALUE).orElseThrow(() -> new IllegalStateException(what + ": waited forever"));
    }

    @Override
    public LockHandle lockExclusive() throws InterruptedException {
        return take(true, Long.MAX_VALUE).orElseThrow(() -> new IllegalStateException(what + ": waited forever"));
    }

    private Optional<LockHandle> tryNow(boolean exclusive) {
        try {
            return take(exclusive, 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private Optional<LockHandle> take(boolean exclusive, long waitMillis) throws InterruptedException {
        parts.lifecycle().ensureOpen();
        long deadline = permits.deadlineNanos(waitMillis);
        while (true) {
            LocalLease lease = leaseId != 0 ? parts.leases().localLease(leaseId) : parts.leases().session();
            PermitCalls.Outcome o = permits.acquire(key, what, lease, 1, exclusive, LIMIT, waitMillis > 0, deadline);
            int kind = exclusive ? ClientMetrics.EXCLUSIVE : ClientMetrics.SHARED;
            if (o.granted()) {
                parts.metrics().holdAcquired(kind, 1);
                return Optional.of(new PermitHandle(name, o.fence(), o.holdId(), lease,
                        (lid, hid) -> released(kind, permits.releaseHold(key, what, lid, hid)), parts.calls().clock()));
            }
            if (o.leaseLost()) {
                if (leaseId != 0) {
                    throw new LeaseNotFoundException(leaseId, "ended while waiting for " + what);
                }
                if (waitMillis > 0 && permits.remainingMillis(deadline) > 0) {
                    continue; // the session was lost: go on with a new one while time is left
                }
            }
            parts.metrics().holdNotAcquired(kind);
            return Optional.empty();
        }
    }

    private boolean released(int kind, boolean released) {
        if (released) {
            parts.metrics().holdReleased(kind, 1);
        }
        return released;
    }
}
