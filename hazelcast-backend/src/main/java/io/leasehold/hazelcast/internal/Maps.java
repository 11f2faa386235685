package io.leasehold.hazelcast.internal;

/** Names of Leasehold's maps. */
public final class Maps {

    /** {@code leaseId -> LeaseRecord}. */
    public static final String LEASES = "leasehold.leases";
    /** {@code lockName -> LockRecord}. */
    public static final String LOCKS = "leasehold.locks";

    private Maps() {
    }
}
