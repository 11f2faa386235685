package io.leasehold;

/**
 * One successful acquire of a {@link LeaseLock}. Carries the fencing token to pass to the protected
 * resource. Closing the handle unlocks.
 */
public interface LockHandle extends AutoCloseable {

    /** The lock's name. */
    String lockName();

    /** The fencing token of this hold: greater than every token handed out for this lock before. */
    long fence();

    /** The lease this hold is attached to. */
    long leaseId();

    /**
     * Whether this holder may still assume it holds the lock. Conservative: it turns false when the
     * lease's validity, counted on the local monotonic clock from when the last renewal request was
     * sent, minus a safety margin, runs out without a confirmed renewal; when the lease is found
     * revoked; or once unlocked. A true value is a belief, not a guarantee: always pass the fence
     * to the resource.
     */
    boolean isValid();

    /**
     * Releases the lock. If waiters are queued, the next one gets the lock with a new fence.
     * Implementations may return once the release is on its way (the Hazelcast backend does, and
     * confirms it in the background); the same instance's next acquire of this lock still comes after
     * it. Use {@link #unlockAndWait()} to return only once the release is confirmed.
     *
     * @throws LockNotHeldException if this handle was already unlocked, or if the lock is known to
     *                              have been lost (lease expired or revoked) and the lock state is
     *                              left as it is
     */
    void unlock();

    /**
     * Releases the lock and returns once the cluster has confirmed the release, so another process
     * that tries the lock after this returns finds it free (or handed to the next waiter).
     * Implementations whose {@link #unlock()} already waits need not override it.
     *
     * @throws LockNotHeldException if this handle was already unlocked, or if the lock was lost
     *                              (lease expired or revoked) and the lock state is left as it is
     */
    default void unlockAndWait() {
        unlock();
    }

    /**
     * Unlocks if not yet unlocked; does nothing on later calls. Throws {@link LockNotHeldException}
     * when the lock turned out to have been lost while held, so a try-with-resources block learns
     * that its critical section may not have been exclusive.
     */
    @Override
    void close();
}
