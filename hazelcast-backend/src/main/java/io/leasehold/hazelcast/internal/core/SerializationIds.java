package io.leasehold.hazelcast.internal.core;

/**
 * The one place for Leasehold's serialization ids. The factory that makes each class is
 * {@code io.leasehold.hazelcast.LeaseholdSerializationFactory}, above every internal package, so
 * no class here imports the classes it names.
 */
public final class SerializationIds {

    public static final int FACTORY_ID = 7301;
    public static final int LEASE_RECORD = 1;
    public static final int LOCK_RECORD = 2;
    public static final int LEASE_REPLY = 3;
    public static final int LOCK_REPLY = 4;
    public static final int GRANT = 5;
    public static final int RENEW = 6;
    public static final int REVOKE = 7;
    public static final int REVOKE_EXPIRED = 8;
    public static final int ATTACH = 9;
    public static final int LEASE_READ = 10;
    public static final int ACQUIRE = 11;
    public static final int RELEASE = 12;
    public static final int RELEASE_LEASES = 13;
    public static final int CANCEL = 14;
    public static final int SET_BACKUP = 15;
    public static final int MULTI_SET_BACKUP = 16;
    public static final int LOCK_READ = 17;
    public static final int HANDOFF_NOTICE = 18;
    public static final int NOOP = 19;
    public static final int FORCE_RELEASE = 20;
    public static final int REMOVE_IDLE = 21;
    public static final int STANDING = 22;
    public static final int LEASES_ENDED = 23;
    public static final int RENEW_ON_MEMBER = 24;
    public static final int RENEW_REPLIES = 25;
    public static final int LOCK_MERGE_POLICY = 26;
    public static final int LEASE_MERGE_POLICY = 27;
    public static final int LEASES_ENDED_OPERATION = 28;
    // Semaphores and read-write locks: the counted-hold model.
    public static final int HOLD_RECORD = 29;
    public static final int HOLD_REPLY = 30;
    public static final int ACQUIRE_PERMITS = 31;
    public static final int RELEASE_PERMITS = 32;
    public static final int CANCEL_PERMITS = 33;
    public static final int RELEASE_LEASE_PERMITS = 34;
    public static final int CHANGE_PERMITS = 35;
    public static final int DRAIN_PERMITS = 36;
    public static final int PERMIT_STANDING = 37;
    public static final int PERMIT_READ = 38;
    public static final int HOLD_MERGE_POLICY = 39;
    /**
     * The locks map's merge policy under a majority's split-brain protection: after every id the admin
     * and the semaphores' admin take (40-52), so the ranges stay apart.
     */
    public static final int QUORUM_LOCK_MERGE_POLICY = 53;
    /** The holds map's merge policy under a majority's split-brain protection. */
    public static final int QUORUM_HOLD_MERGE_POLICY = 54;

    // Admin: 40 and up.
    public static final int ADMIN_LEASE_ROWS = 40;
    public static final int ADMIN_LOCK_ROWS = 41;
    public static final int ADMIN_LEASE_PAGE = 42;
    public static final int ADMIN_LOCK_PAGE = 43;
    public static final int ADMIN_LOCKS_OF_LEASE = 44;
    public static final int ADMIN_READ_LEASE = 45;
    public static final int ADMIN_READ_LOCK = 46;
    public static final int ADMIN_FORCE_RELEASE = 47;
    public static final int ADMIN_HOLD_ROWS = 48;
    public static final int ADMIN_HOLD_PAGE = 49;
    public static final int ADMIN_READ_HOLDS = 50;
    public static final int ADMIN_FORCE_RELEASE_HOLDS = 51;
    public static final int ADMIN_HOLDS_OF_LEASE = 52;

    private SerializationIds() {
    }
}
