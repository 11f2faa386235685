/**
 * The operators' view: {@link io.leasehold.hazelcast.internal.admin.AdminImpl} (the
 * {@code LeaseholdAdmin} API) and its member-side half: bounded pages of one partition
 * ({@code LeasePage}, {@code LockPage}), a lease's locks from the member's index ({@code LocksOfLease}),
 * reads with the owner's clock ({@code ReadLease}, {@code ReadLock}) and the force release that tells
 * the old holder ({@code ForceReleaseAndTell}); for semaphores and read-write locks ({@code HoldAdmin}) a
 * page of held names ({@code HoldPage}), one name ({@code ReadHolds}), a lease's names from the member's
 * index ({@code HoldsOfLease}) and the force release by name or lease ({@code ForceReleaseHolds}).
 *
 * <p>May import: client, protocol, core, Hazelcast. Imported by the public face only.
 */
package io.leasehold.hazelcast.internal.admin;
