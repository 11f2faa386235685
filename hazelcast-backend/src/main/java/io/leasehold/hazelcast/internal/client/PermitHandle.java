package io.leasehold.hazelcast.internal.client;

import io.leasehold.LockHandle;
import io.leasehold.LockNotHeldException;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/** One shared or exclusive hold of a read-write lock; closing it releases the hold. */
final class PermitHandle implements LockHandle {

    /** Releases the hold on the cluster; false when the cluster says it was not held any more. */
    @FunctionalInterface
    interface Releaser {
        boolean release(long leaseId, long holdId);
    }

    private final String name;
    private final long fence;
    private final long holdId;
    private final LocalLease lease;
    private final Releaser releaser;
    private final LongSupplier clock;
    private final AtomicBoolean released = new AtomicBoolean();

    PermitHandle(String name, long fence, long holdId, LocalLease lease, Releaser releaser, LongSupplier clock) {
        this.name = name;
        this.fence = fence;
        this.holdId = holdId;
        this.lease = lease;
        this.releaser = releaser;
        this.clock = clock;
    }

    @Override
    public String lockName() {
        return name;
    }

    @Override
    public long fence() {
        return fence;
    }

    @Override
    public long leaseId() {
        return lease.id;
    }

    @Override
    public boolean isValid() {
        return !released.get() && lease.lostReason() == null && lease.isValid(clock.getAsLong());
    }

    @Override
    public void unlock() {
        if (!released.compareAndSet(false, true)) {
            throw new LockNotHeldException(name, fence, "already unlocked by this handle");
        }
        if (!releaser.release(lease.id, holdId)) {
            throw new LockNotHeldException(name, fence, "the hold was lost: " + lease.describe()
                    + " ended before the unlock; the lock's state is left as it is");
        }
    }

    @Override
    public void close() {
        if (!released.get()) {
            unlock();
        }
    }

    @Override
    public String toString() {
        return "LockHandle{readWriteLock='" + name + "', fence=" + fence + ", " + lease.describe() + '}';
    }
}
