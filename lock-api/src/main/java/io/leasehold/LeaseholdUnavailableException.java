package io.leasehold;

/** The cluster could not be reached or refused the operation for a reason outside the caller's control. */
public class LeaseholdUnavailableException extends IllegalStateException {

    public LeaseholdUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
