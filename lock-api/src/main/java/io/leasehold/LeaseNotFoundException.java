package io.leasehold;

/** The lease is unknown: never granted, already revoked, or expired. */
public class LeaseNotFoundException extends LeaseException {

    public LeaseNotFoundException(long leaseId, String detail) {
        super(leaseId, format(leaseId) + ": " + detail);
    }
}
