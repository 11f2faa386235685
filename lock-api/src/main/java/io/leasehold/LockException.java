package io.leasehold;

/** Something is wrong with a lock operation. The message names the lock (and lease where one is concerned). */
public class LockException extends IllegalMonitorStateException {

    private final String lockName;

    public LockException(String lockName, String message) {
        super(message);
        this.lockName = lockName;
    }

    /** The lock concerned. */
    public String lockName() {
        return lockName;
    }
}
