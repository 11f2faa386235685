package io.leasehold;

/** Told when a lease ends. Called on the instance's listener thread, in order, never on a Hazelcast or keep-alive thread. */
@FunctionalInterface
public interface LeaseListener {

    /** Why a lease ended. */
    enum Reason {
        /** Its deadline passed without a renewal and its owner revoked it. */
        EXPIRED,
        /**
         * It was revoked on request before its deadline. (A revoke in the last quarter second before
         * the deadline is reported as {@link #EXPIRED}: members' clocks differ by a few milliseconds.)
         */
        REVOKED
    }

    void leaseEnded(long leaseId, Reason reason);
}
