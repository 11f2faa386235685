package io.leasehold;

import java.util.OptionalLong;

/**
 * Entry point: fenced locks and a lessor, bound to one cluster connection.
 *
 * <p>An instance owns a <em>session lease</em>: a lease granted lazily on the first lock call and
 * kept alive in the background at about a third of its time-to-live. Locks taken through
 * {@link #lock(String)} attach to the session lease unless a lease is given explicitly, so when
 * the process dies or stalls past the TTL, the cluster revokes the session lease and every lock
 * it held is released without anyone's help.
 *
 * <p>Instances are thread-safe. Many threads may share one instance; they contend for a lock
 * exactly as threads of different processes do. {@link #close()} revokes the session lease,
 * which releases every lock this instance still holds.
 */
public interface Leasehold extends AutoCloseable {

    /**
     * Returns the lock with the given name. Cheap: no network call is made until the lock is used.
     *
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank or longer than the configured limit
     */
    LeaseLock lock(String name);

    /**
     * Returns the semaphore with the given name. Cheap: no network call is made until it is used.
     *
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank or longer than the configured limit
     */
    default LeaseSemaphore semaphore(String name) {
        throw new UnsupportedOperationException("semaphores are not supported by " + getClass().getName());
    }

    /**
     * Returns the read-write lock with the given name. Cheap: no network call is made until it is used.
     *
     * @throws NullPointerException     if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank or longer than the configured limit
     */
    default LeaseReadWriteLock readWriteLock(String name) {
        throw new UnsupportedOperationException("read-write locks are not supported by " + getClass().getName());
    }

    /** The lessor of the cluster this instance is bound to: grant, renew, revoke and so on. */
    Lessor lessor();

    /** The id of the current session lease, or empty when none has been granted yet (or it was lost). */
    OptionalLong sessionLeaseId();

    /**
     * Registers a listener told when a lock held through this instance may have been lost: the
     * holder's own conservative validity ran out before a renewal was confirmed, or the lease was
     * found revoked. It is told before any member could have revoked the lease.
     */
    Registration addLockLostListener(LockLostListener listener);

    /** Revokes the session lease (releasing its locks) and stops background work. Idempotent. */
    @Override
    void close();
}
