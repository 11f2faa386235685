package io.leasehold;

/**
 * A release of more permits than the lease holds: a double release, or a release after the lease
 * ended (its permits already came back). Nothing was released.
 */
public class PermitsNotHeldException extends LockException {

    private final long requested;
    private final long held;

    public PermitsNotHeldException(String semaphoreName, long leaseId, long requested, long held) {
        super(semaphoreName, "semaphore '" + semaphoreName + "': cannot release " + requested + " permit"
                + (requested == 1 ? "" : "s") + " for " + LeaseException.format(leaseId) + ", which holds " + held
                + "; nothing was released");
        this.requested = requested;
        this.held = held;
    }

    /** Permits the caller asked to release. */
    public long requested() {
        return requested;
    }

    /** Permits the lease holds. */
    public long held() {
        return held;
    }
}
