package io.leasehold;

/**
 * An unlock by someone who does not hold the lock: a double unlock, or an unlock after the hold
 * was lost (its lease expired or was revoked). The lock's state is left unchanged.
 */
public class LockNotHeldException extends LockException {

    private final long fence;

    public LockNotHeldException(String lockName, long fence, String detail) {
        super(lockName, "lock '" + lockName + "' (fence " + fence + "): " + detail);
        this.fence = fence;
    }

    /** The fence of the hold the caller thought it had. */
    public long fence() {
        return fence;
    }
}
