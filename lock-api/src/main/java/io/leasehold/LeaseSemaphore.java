package io.leasehold;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * A named, fenced semaphore whose permits belong to a lease.
 *
 * <p>The permit count is set once with {@link #init} and changed with {@link #increasePermits} and
 * {@link #reducePermits}. Permits are held by a lease: the instance's session lease by default, or
 * the lease given to {@link #onLease}. When that lease ends (it expired because its holder died or
 * stalled, or it was revoked) every permit it held comes back, with no action by anyone: the leak
 * of a session-less {@code ISemaphore} cannot happen.
 *
 * <p>Waiting is first come, first served: a request is granted only once every request ahead of
 * it has been, so a large request is not starved by a stream of small ones. Every grant carries a
 * fence, greater than every fence handed out on this semaphore before.
 *
 * <p>Bad input changes nothing and names the semaphore: a count that is zero or negative, more
 * permits than the semaphore has asked without waiting (a waiting request queues: an increase may
 * let it in), a semaphore never initialised ({@link IllegalStateException}),
 * or a release of permits the lease does not hold ({@link PermitsNotHeldException}).
 */
public interface LeaseSemaphore {

    /** The semaphore's name. */
    String name();

    /**
     * Sets the permit count if it was never set. True if this call set it; false if it was set
     * before (nothing changes).
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    boolean init(int permits);

    /**
     * Waits until {@code permits} permits are granted; answers the grant's fence. Interruptible;
     * nothing is left held or queued on interrupt.
     */
    long acquire(int permits) throws InterruptedException;

    /** Tries once without waiting; the grant's fence, or empty. */
    OptionalLong tryAcquire(int permits);

    /** Waits up to {@code wait}; the grant's fence, or empty when the wait ran out. */
    OptionalLong tryAcquire(int permits, Duration wait) throws InterruptedException;

    /**
     * Gives back {@code permits} permits held by this semaphore's lease; the next waiters that fit
     * get them inside the same operation.
     *
     * @throws PermitsNotHeldException if the lease holds fewer (nothing is released)
     */
    void release(int permits);

    /** Permits free now (negative after a reduction below what is held). */
    int availablePermits();

    /** Permits this semaphore's lease holds now. */
    int heldPermits();

    /** Takes every permit free now, held by this semaphore's lease; answers how many. */
    int drainPermits();

    /** Adds permits; waiters that now fit are granted. */
    void increasePermits(int increase);

    /** Removes permits; held permits are not taken back (available may turn negative). */
    void reducePermits(int reduction);

    /** This semaphore with its permits held by the given lease instead of the session lease. */
    LeaseSemaphore onLease(long leaseId);
}
