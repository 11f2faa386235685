package io.leasehold;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.Lock;

/**
 * A named, fenced, lease-backed lock.
 *
 * <p>Every successful acquire returns a {@link LockHandle} carrying a <em>fencing token</em>: a
 * number greater than every token handed out for this lock before. Pass it to the resource the
 * lock protects and let the resource refuse a token lower than the highest it has seen
 * ({@link FenceChecker}). That is what makes the lock safe when a holder is paused:
 *
 * <pre>
 *   holder A: acquire (fence 41) ...... long GC pause ........................ write(41) -> REFUSED
 *   lease of A:            renewals stop | TTL runs out | revoked, lock released
 *   holder B:                                          acquire (fence 42), write(42) -> accepted
 * </pre>
 *
 * <p>Without the fence, A's late write would overwrite B's work. With it, the resource has seen
 * 42 and refuses 41.
 *
 * <p><b>Not reentrant.</b> A lock is held by one acquire call at a time. A thread that already
 * holds the lock and calls {@code tryLock} again does not get a second hold: {@link #tryLock()}
 * returns empty and {@link #tryLock(Duration)} waits (and times out) like any other contender.
 * Threads of the same {@link Leasehold} contend with each other exactly as threads of different
 * processes do. For a reentrant, per-thread lock with a hold count (what users of
 * {@link java.util.concurrent.locks.ReentrantLock} expect), use {@link #asLock()}.
 *
 * <p><b>Waiting.</b> Waiters queue in the lock record, first come first served; a release hands
 * the lock straight to the next waiter with a new fence and the waiter is woken by an event. A
 * waiter that times out or is interrupted leaves the queue and, if the lock was handed to it in the
 * meantime, returns it (interrupt) or keeps it (timeout, since it did get the lock in time).
 */
public interface LeaseLock {

    /** The lock's name. */
    String name();

    /** Tries once, without waiting. Empty when another holder has the lock. */
    Optional<LockHandle> tryLock();

    /**
     * Waits up to {@code wait} for the lock.
     *
     * @throws NullPointerException     if {@code wait} is null
     * @throws IllegalArgumentException if {@code wait} is negative
     * @throws InterruptedException     if interrupted while waiting; nothing is left held or queued
     */
    Optional<LockHandle> tryLock(Duration wait) throws InterruptedException;

    /**
     * Waits until the lock is acquired. Interruptible; nothing is left held or queued on interrupt.
     *
     * <p><b>Called again by a thread that holds the lock</b>, it does not return a second hold and does
     * not fail: the lock is not reentrant, so the call queues behind the current hold and waits like
     * any other contender — forever, if the caller's own hold is the one it waits for (a thread that
     * locks twice without unlocking deadlocks itself, until its hold is lost or it is interrupted).
     * Use {@link #asLock()} for a reentrant view.
     */
    LockHandle lock() throws InterruptedException;

    /**
     * Waits up to {@code wait} for the lock and holds it under a lease of its own with the given TTL.
     * {@code leaseTime} counts from the acquisition, not from the start of the wait (the lease is kept
     * alive while the call waits, and renewed once when the lock is taken): if the holder does not
     * unlock within {@code leaseTime} of acquiring (it died, stalled or forgot), the lock frees itself
     * when that lease expires on the cluster's clock, never earlier. Once {@code leaseTime} minus the
     * holder's margin has passed without a renewal, the handle reports {@link LockHandle#isValid()}
     * false and the lock-lost listeners are told that the lock may be lost, but the holder does not
     * free it: the cluster does, at the lease's deadline. Unlocking revokes the lease. (Redisson's
     * {@code tryLock(waitTime, leaseTime, unit)}, Hazelcast's {@code IMap.tryLock} with a lease time.)
     *
     * <p>The handle's {@link LockHandle#leaseId()} is that lease: renew it through the {@link Lessor}
     * to hold the lock for another {@code leaseTime}.
     *
     * @throws NullPointerException          if an argument is null
     * @throws IllegalArgumentException      if {@code wait} is negative, or {@code leaseTime} is zero,
     *                                       negative, below the members' minimum TTL or above the maximum
     *                                       TTL (the message names the bound)
     * @throws InterruptedException          if interrupted while waiting; nothing is left held or queued
     */
    Optional<LockHandle> tryLock(Duration wait, Duration leaseTime) throws InterruptedException;

    /**
     * A {@link Lock} view of this lock: <b>reentrant per thread</b>, with a hold count, as
     * {@link java.util.concurrent.locks.ReentrantLock} is. The first {@code lock()} of a thread takes
     * the lock on the cluster; further {@code lock()}s by that thread only count up, and the lock is
     * released when the thread has called {@code unlock()} as many times. See {@link ReentrantLeaseLock}.
     *
     * <p>Reentrancy and hold counts live in the view: share one view between the threads of a process
     * (as one would share a {@code ReentrantLock}). Each call returns a new view; two views of the same
     * lock contend with each other like two processes.
     */
    default ReentrantLeaseLock asLock() {
        return new ReentrantLeaseLock(this);
    }

    /** Tries once without waiting; the stage completes with empty when the lock is held by another. */
    CompletionStage<Optional<LockHandle>> tryLockAsync();

    /** Like {@link #tryLock()}, with the lock attached to the given lease instead of the session lease. */
    Optional<LockHandle> tryLock(long leaseId);

    /** Like {@link #tryLock(Duration)}, with the lock attached to the given lease instead of the session lease. */
    Optional<LockHandle> tryLock(long leaseId, Duration wait) throws InterruptedException;

    /** Who holds the lock now, as the owner of the lock record sees it; empty when free. */
    Optional<LockHolder> holder();
}
