package io.leasehold;

import java.time.Duration;
import java.util.Optional;

/**
 * A named, fenced lock with shared and exclusive holds, each belonging to a lease (the session lease
 * by default, or the one given to {@link #onLease}); a hold comes back when its lease ends.
 *
 * <p>Any number of shared holds, or one exclusive hold. Waiting is first come, first served: a
 * writer queued behind readers is served before readers that came after it, so a stream of readers
 * cannot starve it. Every hold carries a fence greater than every fence handed out on this lock
 * before, so a resource that remembers the highest fence it saw refuses a late writer.
 *
 * <p>Like {@link LeaseLock}, the handles are not reentrant: every call is a hold of its own, and
 * threads contend as processes do. {@link #asReadWriteLock()} gives the reentrant per-thread view.
 */
public interface LeaseReadWriteLock {

    /** The lock's name. */
    String name();

    /** Tries once for a shared hold. */
    Optional<LockHandle> tryLockShared();

    /** Waits up to {@code wait} for a shared hold. */
    Optional<LockHandle> tryLockShared(Duration wait) throws InterruptedException;

    /** Tries once for the exclusive hold. */
    Optional<LockHandle> tryLockExclusive();

    /** Waits up to {@code wait} for the exclusive hold. */
    Optional<LockHandle> tryLockExclusive(Duration wait) throws InterruptedException;

    /** Waits until a shared hold is granted. Interruptible; nothing is left held or queued on interrupt. */
    LockHandle lockShared() throws InterruptedException;

    /** Waits until the exclusive hold is granted. Interruptible; nothing is left held or queued on interrupt. */
    LockHandle lockExclusive() throws InterruptedException;

    /** This lock with its holds belonging to the given lease instead of the session lease. */
    LeaseReadWriteLock onLease(long leaseId);

    /**
     * A {@link java.util.concurrent.locks.ReadWriteLock} view, reentrant per thread; a thread that
     * holds the read lock and asks for the write lock is refused (no upgrade, no deadlock). See
     * {@link ReentrantLeaseReadWriteLock}.
     */
    default ReentrantLeaseReadWriteLock asReadWriteLock() {
        return new ReentrantLeaseReadWriteLock(this);
    }
}
