package io.leasehold.hazelcast.internal.client;

import io.leasehold.LockHandle;
import io.leasehold.LockNotHeldException;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * One successful acquire. Its lifecycle sits in one atomic reference:
 * {@code HELD -> (LOST) -> RELEASING -> UNLOCKED}. It becomes UNLOCKED only once the cluster has
 * acknowledged the release (or said the hold is gone). {@link #unlock()} sends the release and
 * returns, the settler confirming it in the background; {@link #unlockAndWait()} waits for the
 * answer, and when it could not reach the cluster leaves the hold RELEASING, retried in the
 * background, and may be called again.
 */
final class Hold implements LockHandle {

    enum State { HELD, LOST, RELEASING, RELEASING_LOST, UNLOCKED }

    private final HoldSettler settler;
    private final ClientMetrics metrics;
    private final LongSupplier clock;
    private final String name;
    private final long fence;
    private final long holdId;
    private final LocalLease lease;
    private final AtomicReference<State> state = new AtomicReference<>(State.HELD);
    /** Set once a release of this hold was sent and its answer not heard: a later NOT_HELD means done. */
    volatile boolean releaseMaybeApplied;
    /** Why this hold alone was lost (a force release), when its lease was not. */
    volatile String lostReason;
    /** Set when unlock() handed the release to the settler: a second unlock() is a double unlock. */
    private volatile boolean releasedInBackground;
    /** Revoke this lease once the hold is released (a lock taken with a lease of its own). */
    volatile boolean ownLease;
    private final long heldSinceNanos;

    Hold(String name, long fence, long holdId, LocalLease lease, HoldSettler settler, ClientMetrics metrics,
         LongSupplier clock) {
        this.settler = settler;
        this.metrics = metrics;
        this.clock = clock;
        this.name = name;
        this.fence = fence;
        this.holdId = holdId;
        this.lease = lease;
        this.heldSinceNanos = clock.getAsLong();
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

    LocalLease lease() {
        return lease;
    }

    State state() {
        return state.get();
    }

    @Override
    public boolean isValid() {
        return state.get() == State.HELD && lease.isValid(clock.getAsLong());
    }

    /** The lease was lost: this hold may be gone. True if it was held until now. */
    boolean markLost() {
        return state.compareAndSet(State.HELD, State.LOST);
    }

    /** The cluster confirmed the release (or that the hold is gone). */
    void markUnlocked() {
        if (state.getAndSet(State.UNLOCKED) != State.UNLOCKED) {
            metrics.holdEnded(clock.getAsLong() - heldSinceNanos);
        }
        lease.holds.remove(this);
    }

    /**
     * Releases the lock without waiting for the cluster's answer: the release is on its way when this
     * returns, and the settler confirms it in the background (retrying while the outcome is unknown).
     * A hold this instance already knows to be lost is released the waiting way, and the caller is told.
     */
    @Override
    public void unlock() {
        unlock(false);
    }

    /** Releases the lock and returns once the cluster has answered: the synchronous form. */
    @Override
    public void unlockAndWait() {
        unlock(true);
    }

    private void unlock(boolean wait) {
        while (true) {
            State s = state.get();
            if (s == State.UNLOCKED || (s == State.RELEASING && releasedInBackground)) {
                throw new LockNotHeldException(name, fence, "already unlocked by this handle");
            }
            State next = (s == State.LOST || s == State.RELEASING_LOST) ? State.RELEASING_LOST : State.RELEASING;
            if (state.compareAndSet(s, next)) {
                if (next == State.RELEASING && !wait) {
                    releasedInBackground = true;
                    settler.releaseInBackground(this);
                } else {
                    settler.release(this, next == State.RELEASING_LOST);
                }
                return;
            }
        }
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
