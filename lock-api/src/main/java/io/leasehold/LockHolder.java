package io.leasehold;

/**
 * The current holder of a lock, as seen by the owner of the lock record.
 *
 * @param lockName the lock
 * @param leaseId  the lease the hold is attached to
 * @param fence    the fence of the current hold
 * @param waiters  how many acquirers are queued behind it
 */
public record LockHolder(String lockName, long leaseId, long fence, int waiters) {
}
