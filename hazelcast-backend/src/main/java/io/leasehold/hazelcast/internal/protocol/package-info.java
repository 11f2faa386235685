/**
 * The protocol: every state change of a lease or lock as one entry processor on the key's partition
 * owner (one class each: {@code Grant}, {@code Renew}, {@code Revoke}, {@code RevokeExpired},
 * {@code Attach}, {@code LeaseRead}; {@code Acquire}, {@code Release}, {@code Cancel},
 * {@code ForceRelease}, {@code ReleaseLeases}, {@code RemoveIdle}, {@code Standing}, {@code LockRead}),
 * their backups ({@code SetBackup}, {@code MultiSetBackup}, {@code NoopBackup}), the member
 * operations ({@code LeasesEndedOperation}, {@code LeasesEnded}, {@code RenewOnMember}) and the
 * merge policies. Semaphores and read-write locks share one set on the holds map ({@code HoldProcessor}:
 * {@code AcquirePermits}, {@code ReleasePermits}, {@code CancelPermits}, {@code ReleaseLeasePermits},
 * {@code ChangePermits}, {@code DrainPermits}, {@code PermitStanding}, {@code PermitRead},
 * {@code HoldMergePolicy}).
 *
 * <p>Each processor loads the record, asks the core's decisions with the owner's clock, stores the
 * result and has the backups set the computed value, never decide again, so replicas cannot diverge.
 * Member-local side effects (the expiry heap, the lock index, handoffs, the end of a lease) go through
 * one narrow interface, {@link io.leasehold.hazelcast.internal.protocol.MemberPort}; an instance that
 * runs on a member reaches it through {@link io.leasehold.hazelcast.internal.protocol.LocalMember}.
 *
 * <p>Reads ({@code LeaseRead}, {@code LockRead}, {@code Standing}) are sent with a backup that changes
 * nothing: their answer comes back only once the backup has caught up with every earlier change of
 * the partition, so a read never shows a state that a primary crash could take back.
 *
 * <p>May import: core, Hazelcast. Imported by member, client, admin.
 */
package io.leasehold.hazelcast.internal.protocol;
