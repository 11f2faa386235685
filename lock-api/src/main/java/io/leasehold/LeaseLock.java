package io.leasehold;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

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
 * processes do.
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

    /** Waits until the lock is acquired. Interruptible; nothing is left held or queued on interrupt. */
    LockHandle lock() throws InterruptedException;

    /** Tries once without waiting; the stage completes with empty when the lock is held by another. */
    CompletionStage<Optional<LockHandle>> tryLockAsync();

    /** Like {@link #tryLock()}, with the lock attached to the given lease instead of the session lease. */
    Optional<LockHandle> tryLock(long leaseId);

    /** Like {@link #tryLock(Duration)}, with the lock attached to the given lease instead of the session lease. */
    Optional<LockHandle> tryLock(long leaseId, Duration wait) throws InterruptedException;

    /**
     * Waits up to {@code wait} for the lock, held under a lease of its own that lasts
     * {@code leaseTime} and is <em>not</em> kept alive: if the holder neither unlocks nor dies, the
     * cluster frees the lock once {@code leaseTime} has passed (on the members' clock). Unlocking
     * releases the lock and revokes its lease.
     *
     * @throws IllegalArgumentException if {@code wait} is negative, or {@code leaseTime} zero, negative
     *                                  or above the maximum TTL
     */
    Optional<LockHandle> tryLock(Duration wait, Duration leaseTime) throws InterruptedException;

    /** Who holds the lock now, as the owner of the lock record sees it; empty when free. */
    Optional<LockHolder> holder();
}
