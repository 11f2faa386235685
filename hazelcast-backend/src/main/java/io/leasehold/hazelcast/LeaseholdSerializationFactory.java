package io.leasehold.hazelcast;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.HoldReply;
import io.leasehold.hazelcast.internal.protocol.Acquire;
import io.leasehold.hazelcast.internal.protocol.AcquirePermits;
import io.leasehold.hazelcast.internal.protocol.CancelPermits;
import io.leasehold.hazelcast.internal.protocol.ChangePermits;
import io.leasehold.hazelcast.internal.protocol.DrainPermits;
import io.leasehold.hazelcast.internal.protocol.HoldMergePolicy;
import io.leasehold.hazelcast.internal.protocol.PermitRead;
import io.leasehold.hazelcast.internal.protocol.PermitStanding;
import io.leasehold.hazelcast.internal.protocol.ReleaseLeasePermits;
import io.leasehold.hazelcast.internal.protocol.ReleasePermits;
import io.leasehold.hazelcast.internal.protocol.Attach;
import io.leasehold.hazelcast.internal.protocol.Cancel;
import io.leasehold.hazelcast.internal.protocol.ForceRelease;
import io.leasehold.hazelcast.internal.admin.ForceReleaseAndTell;
import io.leasehold.hazelcast.internal.admin.ForceReleaseHolds;
import io.leasehold.hazelcast.internal.admin.HoldPage;
import io.leasehold.hazelcast.internal.admin.HoldRows;
import io.leasehold.hazelcast.internal.admin.HoldsOfLease;
import io.leasehold.hazelcast.internal.protocol.Grant;
import io.leasehold.hazelcast.internal.core.HandoffNotice;
import io.leasehold.hazelcast.internal.protocol.LeaseMergePolicy;
import io.leasehold.hazelcast.internal.admin.LeasePage;
import io.leasehold.hazelcast.internal.protocol.LeaseRead;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import io.leasehold.hazelcast.internal.admin.LeaseRows;
import io.leasehold.hazelcast.internal.protocol.LeasesEnded;
import io.leasehold.hazelcast.internal.protocol.LeasesEndedOperation;
import io.leasehold.hazelcast.internal.protocol.LockMergePolicy;
import io.leasehold.hazelcast.internal.protocol.QuorumHoldMergePolicy;
import io.leasehold.hazelcast.internal.protocol.QuorumLockMergePolicy;
import io.leasehold.hazelcast.internal.admin.LockPage;
import io.leasehold.hazelcast.internal.protocol.LockRead;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.admin.LockRows;
import io.leasehold.hazelcast.internal.admin.LocksOfLease;
import io.leasehold.hazelcast.internal.protocol.MultiSetBackup;
import io.leasehold.hazelcast.internal.protocol.NoopBackup;
import io.leasehold.hazelcast.internal.admin.ReadHolds;
import io.leasehold.hazelcast.internal.admin.ReadLease;
import io.leasehold.hazelcast.internal.admin.ReadLock;
import io.leasehold.hazelcast.internal.protocol.Release;
import io.leasehold.hazelcast.internal.protocol.ReleaseLeases;
import io.leasehold.hazelcast.internal.protocol.RemoveIdle;
import io.leasehold.hazelcast.internal.protocol.Renew;
import io.leasehold.hazelcast.internal.protocol.RenewOnMember;
import io.leasehold.hazelcast.internal.protocol.Revoke;
import io.leasehold.hazelcast.internal.protocol.RevokeExpired;
import io.leasehold.hazelcast.internal.protocol.SetBackup;
import io.leasehold.hazelcast.internal.protocol.Standing;
import io.leasehold.hazelcast.internal.core.SerializationIds;

/**
 * Leasehold's serialization factory under a stable public name, for configuration files. Members
 * and clients configured from hazelcast.xml / hazelcast.yaml / hazelcast-client.yaml need it:
 *
 * <pre>
 * hazelcast:
 *   serialization:
 *     data-serializable-factories:
 *       - factory-id: 7301
 *         class-name: io.leasehold.hazelcast.LeaseholdSerializationFactory
 * </pre>
 *
 * It is also the one table from serialization id to class: the ids live in {@link SerializationIds},
 * the classes in the internal packages below this one.
 *
 * <p>(Configurations made with {@link LeaseholdConfig#apply} get it already.)
 */
public final class LeaseholdSerializationFactory implements DataSerializableFactory {

    /** The factory id to register it under. */
    public static final int FACTORY_ID = SerializationIds.FACTORY_ID;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case SerializationIds.LEASE_RECORD -> new LeaseRecord();
            case SerializationIds.LOCK_RECORD -> new LockRecord();
            case SerializationIds.LEASE_REPLY -> new LeaseReply();
            case SerializationIds.LOCK_REPLY -> new LockReply();
            case SerializationIds.GRANT -> new Grant();
            case SerializationIds.RENEW -> new Renew();
            case SerializationIds.REVOKE -> new Revoke();
            case SerializationIds.REVOKE_EXPIRED -> new RevokeExpired();
            case SerializationIds.ATTACH -> new Attach();
            case SerializationIds.LEASE_READ -> new LeaseRead();
            case SerializationIds.ACQUIRE -> new Acquire();
            case SerializationIds.RELEASE -> new Release();
            case SerializationIds.RELEASE_LEASES -> new ReleaseLeases();
            case SerializationIds.CANCEL -> new Cancel();
            case SerializationIds.SET_BACKUP -> new SetBackup<>();
            case SerializationIds.MULTI_SET_BACKUP -> new MultiSetBackup<>();
            case SerializationIds.LOCK_READ -> new LockRead();
            case SerializationIds.HANDOFF_NOTICE -> new HandoffNotice();
            case SerializationIds.NOOP -> new NoopBackup();
            case SerializationIds.FORCE_RELEASE -> new ForceRelease();
            case SerializationIds.REMOVE_IDLE -> new RemoveIdle();
            case SerializationIds.STANDING -> new Standing();
            case SerializationIds.LEASES_ENDED -> new LeasesEnded();
            case SerializationIds.RENEW_ON_MEMBER -> new RenewOnMember();
            case SerializationIds.RENEW_REPLIES -> new RenewOnMember.Replies();
            case SerializationIds.LOCK_MERGE_POLICY -> new LockMergePolicy();
            case SerializationIds.QUORUM_LOCK_MERGE_POLICY -> new QuorumLockMergePolicy();
            case SerializationIds.QUORUM_HOLD_MERGE_POLICY -> new QuorumHoldMergePolicy();
            case SerializationIds.LEASE_MERGE_POLICY -> new LeaseMergePolicy();
            case SerializationIds.LEASES_ENDED_OPERATION -> new LeasesEndedOperation();
            case SerializationIds.HOLD_RECORD -> new HoldRecord();
            case SerializationIds.HOLD_REPLY -> new HoldReply();
            case SerializationIds.ACQUIRE_PERMITS -> new AcquirePermits();
            case SerializationIds.RELEASE_PERMITS -> new ReleasePermits();
            case SerializationIds.CANCEL_PERMITS -> new CancelPermits();
            case SerializationIds.RELEASE_LEASE_PERMITS -> new ReleaseLeasePermits();
            case SerializationIds.CHANGE_PERMITS -> new ChangePermits();
            case SerializationIds.DRAIN_PERMITS -> new DrainPermits();
            case SerializationIds.PERMIT_STANDING -> new PermitStanding();
            case SerializationIds.PERMIT_READ -> new PermitRead();
            case SerializationIds.HOLD_MERGE_POLICY -> new HoldMergePolicy();
            case SerializationIds.ADMIN_LEASE_ROWS -> new LeaseRows();
            case SerializationIds.ADMIN_LOCK_ROWS -> new LockRows();
            case SerializationIds.ADMIN_LEASE_PAGE -> new LeasePage();
            case SerializationIds.ADMIN_LOCK_PAGE -> new LockPage();
            case SerializationIds.ADMIN_LOCKS_OF_LEASE -> new LocksOfLease();
            case SerializationIds.ADMIN_READ_LEASE -> new ReadLease();
            case SerializationIds.ADMIN_READ_LOCK -> new ReadLock();
            case SerializationIds.ADMIN_FORCE_RELEASE -> new ForceReleaseAndTell();
            case SerializationIds.ADMIN_HOLD_ROWS -> new HoldRows();
            case SerializationIds.ADMIN_HOLD_PAGE -> new HoldPage();
            case SerializationIds.ADMIN_READ_HOLDS -> new ReadHolds();
            case SerializationIds.ADMIN_FORCE_RELEASE_HOLDS -> new ForceReleaseHolds();
            case SerializationIds.ADMIN_HOLDS_OF_LEASE -> new HoldsOfLease();
            default -> null;
        };
    }
}
