/**
 * Leasehold on one member: {@link io.leasehold.hazelcast.internal.member.MemberService}, a small
 * composition root that implements the protocol's {@code MemberPort}, and one part per job: the
 * decision clock ({@code MemberClock}), the expiry heap ({@code ExpiryTracker}) and the revoker thread
 * ({@code Revoker}), the locks of this member's partitions ({@code LockBook}, {@code LockIndex}), their
 * semaphores and read-write locks ({@code HoldBook}), the
 * end of a lease ({@code LeaseEnds}), reconciliation after a take-over ({@code Reconciler}), the
 * figures ({@code MemberCounters}), the hook that installs it ({@code MemberHook}) and the
 * Java-serialization filter for members Leasehold owns ({@code WireFilter}).
 *
 * <p>May import: protocol, core, the member settings, Hazelcast, Caffeine. Imported by the public
 * face only; never by the client.
 */
package io.leasehold.hazelcast.internal.member;
