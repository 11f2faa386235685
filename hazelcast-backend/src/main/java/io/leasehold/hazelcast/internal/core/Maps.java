package io.leasehold.hazelcast.internal.core;

/** Names of Leasehold's maps. */
public final class Maps {

    /** {@code leaseId -> LeaseRecord}. */
    public static final String LEASES = "leasehold.leases";
    /** {@code lockName -> LockRecord}. */
    public static final String LOCKS = "leasehold.locks";
    /**
     * {@code key -> HoldRecord}: semaphores ({@code "semaphore/" + name}) and read-write locks
     * ({@code "rwlock/" + name}), the counted-hold model.
     */
    public static final String HOLDS = "leasehold.holds";

    /** The key of a semaphore's record in {@link #HOLDS}. */
    public static String semaphoreKey(String name) {
        return SEMAPHORE_PREFIX + name;
    }

    /** The key of a read-write lock's record in {@link #HOLDS}. */
    public static String readWriteKey(String name) {
        return READ_WRITE_PREFIX + name;
    }

    public static final String SEMAPHORE_PREFIX = "semaphore/";
    public static final String READ_WRITE_PREFIX = "rwlock/";

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
