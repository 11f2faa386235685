package io.leasehold.hazelcast.internal.core;

import io.leasehold.LeaseException;

/** Wording shared by exception messages. */
public final class Describe {

    private Describe() {
    }

    public static String lease(long leaseId) {
        return LeaseException.format(leaseId);
    }

    public static String lock(String name) {
        return "lock '" + name + "'";
    }

    /** Who holds a lock, from a reply that carries the record's state. */
    public static String holder(LockReply reply) {
        if (!reply.isHeld()) {
            // A free lock's record may be gone (removed once idle): then its last fence is not known.
            return reply.fence() == 0 ? "the lock is free" : "the lock is free (last fence " + reply.fence() + ")";
        }
        return "the lock is held by " + lease(reply.holderLease()) + " with fence " + reply.fence();
    }

    public static String failure(LeaseDecisions.Failure failure) {
        return switch (failure) {
            case NOT_FOUND -> "unknown, revoked or expired";
            case EXPIRED -> "expired";
            case NOT_DUE -> "not yet due";
            case ID_TAKEN -> "id already taken";
            case TTL_TOO_LONG -> "TTL above the members' maximum";
            case TTL_TOO_SHORT -> "TTL below the members' minimum";
        };
    }
}
