package io.leasehold;

/** Told when a hold may have been lost. Called on a background thread: return quickly. */
@FunctionalInterface
public interface LockLostListener {

    /**
     * @param lockName the lock
     * @param fence    the fence of the hold that may be lost
     * @param leaseId  the lease the hold was attached to
     * @param reason   a sentence saying why
     */
    void lockLost(String lockName, long fence, long leaseId, String reason);
}
