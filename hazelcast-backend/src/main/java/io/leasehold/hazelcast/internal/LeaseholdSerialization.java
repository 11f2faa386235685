package io.leasehold.hazelcast.internal;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** The one place for Leasehold's serialization ids, and the factory that makes each class. */
public final class LeaseholdSerialization implements DataSerializableFactory {

    public static final int FACTORY_ID = 7301;

    static final int LEASE_RECORD = 1;
    static final int LOCK_RECORD = 2;
    static final int LEASE_REPLY = 3;
    static final int LOCK_REPLY = 4;
    static final int GRANT = 5;
    static final int RENEW = 6;
    static final int REVOKE = 7;
    static final int REVOKE_EXPIRED = 8;
    static final int ATTACH = 9;
    static final int LEASE_READ = 10;
    static final int ACQUIRE = 11;
    static final int RELEASE = 12;
    static final int RELEASE_LEASES = 13;
    static final int CANCEL = 14;
    static final int SET_BACKUP = 15;
    static final int MULTI_SET_BACKUP = 16;
    static final int LOCK_READ = 17;
    static final int HANDOFF_NOTICE = 18;
    static final int NOOP = 19;
    static final int FORCE_RELEASE = 20;
    static final int REMOVE_IDLE = 21;
    static final int STANDING = 22;
    static final int LEASES_ENDED = 23;
    static final int RENEW_ON_MEMBER = 24;
    static final int RENEW_REPLIES = 25;
    static final int LOCK_MERGE_POLICY = 26;
    static final int LEASE_MERGE_POLICY = 27;
    static final int LEASES_ENDED_OPERATION = 28;

    // Admin (AdminProcessors): 40 and up.
    static final int ADMIN_LEASE_ROWS = 40;
    static final int ADMIN_LOCK_ROWS = 41;
    static final int ADMIN_LEASE_PAGE = 42;
    static final int ADMIN_LOCK_PAGE = 43;
    static final int ADMIN_LOCKS_OF_LEASE = 44;
    static final int ADMIN_READ_LEASE = 45;
    static final int ADMIN_READ_LOCK = 46;
    static final int ADMIN_FORCE_RELEASE = 47;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case LEASE_RECORD -> new LeaseRecord();
            case LOCK_RECORD -> new LockRecord();
            case LEASE_REPLY -> new LeaseReply();
            case LOCK_REPLY -> new LockReply();
            case GRANT -> new Processors.Grant();
            case RENEW -> new Processors.Renew();
            case REVOKE -> new Processors.Revoke();
            case REVOKE_EXPIRED -> new Processors.RevokeExpired();
            case ATTACH -> new Processors.Attach();
            case LEASE_READ -> new Processors.LeaseRead();
            case ACQUIRE -> new Processors.Acquire();
            case RELEASE -> new Processors.Release();
            case RELEASE_LEASES -> new Processors.ReleaseLeases();
            case CANCEL -> new Processors.Cancel();
            case SET_BACKUP -> new SetBackup<>();
            case MULTI_SET_BACKUP -> new MultiSetBackup<>();
            case LOCK_READ -> new Processors.LockRead();
            case HANDOFF_NOTICE -> new HandoffNotice();
            case NOOP -> new Processors.Noop();
            case FORCE_RELEASE -> new Processors.ForceRelease();
            case REMOVE_IDLE -> new Processors.RemoveIdle();
            case STANDING -> new Processors.Standing();
            case LEASES_ENDED -> new LeasesEnded();
            case RENEW_ON_MEMBER -> new RenewOnMember();
            case RENEW_REPLIES -> new RenewOnMember.Replies();
            case LOCK_MERGE_POLICY -> new LockMergePolicy();
            case LEASE_MERGE_POLICY -> new LeaseMergePolicy();
            case LEASES_ENDED_OPERATION -> new LeasesEndedOperation();
            case ADMIN_LEASE_ROWS -> new AdminProcessors.LeaseRows();
            case ADMIN_LOCK_ROWS -> new AdminProcessors.LockRows();
            case ADMIN_LEASE_PAGE -> new AdminProcessors.LeasePage();
            case ADMIN_LOCK_PAGE -> new AdminProcessors.LockPage();
            case ADMIN_LOCKS_OF_LEASE -> new AdminProcessors.LocksOfLease();
            case ADMIN_READ_LEASE -> new AdminProcessors.ReadLease();
            case ADMIN_READ_LOCK -> new AdminProcessors.ReadLock();
            case ADMIN_FORCE_RELEASE -> new AdminProcessors.ForceReleaseAndTell();
            default -> null;
        };
    }
}
