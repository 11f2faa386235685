package io.leasehold.hazelcast.internal.core;

/** Names of Leasehold's maps. */
public final class Maps {

    /** {@code leaseId -> LeaseRecord}. */
    public static final String LEASES = "leasehold.leases";
    /** {@code lockName -> LockRecord}. */
    public static final String LOCKS = "leasehold.locks";

    /** {@code electionName -> "fence/transitions/identity"} of the current leader. */
    public static final String ELECTIONS = "leasehold.elections";

    /** {@code sessionTag -> HandoffNotice}: the latest handoff to a waiter of that instance. */
    public static final String HANDOFFS = "leasehold.handoffs";

    /** {@code sessionTag -> holder name} ({@code LeaseholdSettings.holderName()}): what admin listings show. */
    public static final String HOLDERS = "leasehold.holders";

    private Maps() {
    }
}
