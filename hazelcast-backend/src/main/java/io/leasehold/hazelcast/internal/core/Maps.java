package io.leasehold.hazelcast.internal.core;

/** Names of Leasehold's maps. */
public final class Maps {

    /** {@code leaseId -> LeaseRecord}. */
    public static final String LEASES = "leasehold.leases";
    /** {@code lockName -> LockRecord}. */
    public static final String LOCKS = "leasehold.locks";

    /** {@code electionName -> "fence/transitions/identity"} of the current leader. */
    public static final String ELECTIONS = "leasehold.elections";

    /**
     * Prefix of each instance's own notice map, {@code lockName -> HandoffNotice}: the latest handoff
     * to a waiter of that instance on that lock. Keyed by the lock's name, so the entry lives in the
     * lock's partition: the member that hands the lock over writes it locally and its event goes
     * straight to the waiting instance, one network hop.
     */
    public static final String HANDOFFS = "leasehold.handoffs";

    /** The notice map of the instance with this session tag. */
    public static String handoffsOf(long tag) {
        return HANDOFFS + "." + Long.toHexString(tag);
    }

    /** {@code sessionTag -> holder name} ({@code LeaseholdSettings.holderName()}): what admin listings show. */
    public static final String HOLDERS = "leasehold.holders";

    private Maps() {
    }
}
