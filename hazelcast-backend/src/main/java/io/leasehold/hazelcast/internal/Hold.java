package io.leasehold.hazelcast.internal;

import io.leasehold.LockHandle;
import io.leasehold.LockNotHeldException;

import java.util.concurrent.atomic.AtomicReference;

/** One successful acquire. Its lifecycle sits in one atomic reference: HELD, then LOST or UNLOCKED. */
final class Hold implements LockHandle {

    enum State { HELD, LOST, UNLOCKED }

    private final LeaseholdClient client;
    private final String name;
    private final long fence;
    private final long holdId;
    private final LocalLease lease;
    private final AtomicReference<State> state = new AtomicReference<>(State.HELD);

    Hold(LeaseholdClient client, String name, long fence, long holdId, LocalLease lease) {
        this.client = client;
        this.name = name;
        this.fence = fence;
        this.holdId = holdId;
        this.lease = lease;
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

    long holdId() {
        return holdId;
    }

    @Override
    public boolean isValid() {
        return state.get() == State.HELD && lease.isValid(client.nanoTime());
    }

    /** The lease was lost: this hold may be gone. True if it was held until now. */
    boolean markLost() {
        return state.compareAndSet(State.HELD, State.LOST);
    }

    @Override
    public void unlock() {
        State previous = state.get();
        if (previous == State.UNLOCKED || !state.compareAndSet(previous, State.UNLOCKED)) {
            throw new LockNotHeldException(name, fence, "already unlocked by this handle");
        }
        lease.holds.remove(this);
        if (previous == State.LOST) {
            // The holder was told the lock may be lost, so its critical section was not protected:
            // say so, after freeing the lock if the cluster still had it for this hold.
            try {
                client.release(this, lease.lostReason());
            } catch (LockNotHeldException expected) {
                // already released by the revoke, or by the best-effort release when the loss was noticed
            }
            throw new LockNotHeldException(name, fence, "lost before unlock: " + lease.lostReason());
        }
        client.release(this, null);
    }

    @Override
    public void close() {
        if (state.get() != State.UNLOCKED) {
            try {
                unlock();
            } catch (LockNotHeldException e) {
                if (!e.getMessage().endsWith("already unlocked by this handle")) {
                    throw e;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "LockHandle{lock='" + name + "', fence=" + fence + ", " + lease.describe() + ", " + state.get() + '}';
    }
}
