/**
 * A {@code Leasehold} instance on a member or a client:
 * {@link io.leasehold.hazelcast.internal.client.LeaseholdClient}, a small composition root, and one
 * part per job, each given exactly the collaborators it uses: calls, retries and what Hazelcast's
 * exceptions mean ({@code Calls}, {@code Outcomes}), the local view of leases and the session
 * ({@code LocalLeases}, {@code LocalLease}), keep-alive ({@code Renewals}), handoffs to waiters
 * ({@code Waiters}), unlocks and settling ({@code HoldSettler}, {@code Hold}), user callbacks
 * ({@code Listeners}), and the API ({@code LockImpl}, {@code LessorImpl}; {@code SemaphoreImpl} and
 * {@code ReadWriteLockImpl} on {@code PermitCalls}, given {@code HoldParts}).
 *
 * <p>May import: protocol, core, the instance settings, Hazelcast, Caffeine. Never the member
 * package: an instance on a member reaches it through the protocol's {@code LocalMember}.
 */
package io.leasehold.hazelcast.internal.client;
