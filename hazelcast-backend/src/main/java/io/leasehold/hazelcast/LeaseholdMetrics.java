package io.leasehold.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.hazelcast.internal.core.Maps;
import io.leasehold.hazelcast.internal.member.MemberCounters;
import io.leasehold.hazelcast.internal.member.MemberService;
import io.leasehold.hazelcast.internal.protocol.MemberPort;

/**
 * Figures of one member's Leasehold service, for monitoring and benchmarks (the Micrometer binder
 * {@code LeaseholdMemberMetrics} reads these). Counters count from the member's start; gauges are as
 * of now, or as of the last reconciliation pass where they say so.
 */
public final class LeaseholdMetrics {

    private final HazelcastInstance member;
    private final MemberService service;
    private final MemberCounters counters;

    private LeaseholdMetrics(HazelcastInstance member, MemberService service) {
        this.member = member;
        this.service = service;
        this.counters = service.counters();
    }

    /**
     * The metrics of an embedded member started with Leasehold's configuration.
     *
     * @throws IllegalStateException if Leasehold is not configured on that member
     */
    public static LeaseholdMetrics of(HazelcastInstance member) {
        MemberPort.of(member); // says what is wrong when Leasehold is not configured
        // One per member, kept by the member: meter registries hold what they read weakly.
        return (LeaseholdMetrics) member.getUserContext().computeIfAbsent(CONTEXT_KEY,
                key -> new LeaseholdMetrics(member, MemberService.find(member)));
    }

    private static final String CONTEXT_KEY = "io.leasehold.metrics";

    /** Lease records whose partition this member owns. */
    public long leaseRecords() {
        return member.getMap(Maps.LEASES).getLocalMapStats().getOwnedEntryCount();
    }

    /** Lock records whose partition this member owns. */
    public long lockRecords() {
        return member.getMap(Maps.LOCKS).getLocalMapStats().getOwnedEntryCount();
    }

    /** Leases in this member's expiry heap (the leases of the partitions it owns). */
    public int trackedLeases() {
        return service.trackedLeases();
    }

    /** Renew requests served; a batch counts once however many leases it renews. */
    public long renewRequests() {
        return counters.renewRequests();
    }

    /** Leases revoked by this member's revoker after their deadline. */
    public long revokedLeases() {
        return counters.revokedLeases();
    }

    /** Sum over the leases this member's revoker revoked of how long after its deadline each went (ms). */
    public long revokeLagMillisTotal() {
        return counters.revokeLagMillisTotal();
    }

    /** The longest revoke lag seen on this member (ms). */
    public long maxRevokeLagMillis() {
        return counters.maxRevokeLagMillis();
    }

    /** Leases granted on this member. */
    public long grants() {
        return counters.grants();
    }

    /** Locks granted on this member to an acquire (not by handoff). */
    public long acquired() {
        return counters.acquired();
    }

    /** Locks handed to a queued waiter on this member. */
    public long handoffs() {
        return counters.handoffs();
    }

    /**
     * Handoff and force-release notices this member wrote to a waiting instance's notice map (a
     * handoff to an instance on this member wakes it directly, with no notice).
     */
    public long noticesSent() {
        return counters.noticesSent();
    }

    /** Idle lock records this member removed. */
    public long removedRecords() {
        return counters.removedRecords();
    }

    /** Lock records (held or waited on) this member freed because their lease ended. */
    public long locksFreedByEnd() {
        return counters.locksFreedByEnd();
    }

    /** Lock records waiting for the idle sweep on this member. */
    public int idleRecordsPending() {
        return service.idleRecordsPending();
    }

    /** Held locks in this member's partitions, as of the last reconciliation pass. */
    public int heldLocks() {
        return counters.heldLocks();
    }

    /** Queued waiters in this member's partitions, as of the last reconciliation pass. */
    public int queuedWaiters() {
        return counters.queuedWaiters();
    }

    // ------------------------------------------------------------------ semaphores and read-write locks

    /** Semaphore and read-write lock records whose partition this member owns. */
    public long holdRecords() {
        return member.getMap(Maps.HOLDS).getLocalMapStats().getOwnedEntryCount();
    }

    /** Semaphore holds granted on this member to an acquire (not by handoff). */
    public long semaphoreGrants() {
        return counters.semaphoreGrants();
    }

    /** Semaphore holds handed to a queued waiter on this member (by a release, an increase or a lease's end). */
    public long semaphoreHandoffs() {
        return counters.semaphoreHandoffs();
    }

    /** Read-write holds (shared or exclusive) granted on this member to an acquire (not by handoff). */
    public long readWriteGrants() {
        return counters.readWriteGrants();
    }

    /** Read-write holds handed to a queued waiter on this member. */
    public long readWriteHandoffs() {
        return counters.readWriteHandoffs();
    }

    /** Semaphore permits held in this member's partitions, as of the last reconciliation pass. */
    public long heldPermits() {
        return counters.holdCensus().heldPermits();
    }

    /** Acquirers queued on semaphores in this member's partitions, as of the last reconciliation pass. */
    public int semaphoreWaiters() {
        return counters.holdCensus().semaphoreWaiters();
    }

    /** Shared (read) holds in this member's partitions, as of the last reconciliation pass. */
    public int sharedHolds() {
        return counters.holdCensus().sharedHolds();
    }

    /** Exclusive (write) holds in this member's partitions, as of the last reconciliation pass. */
    public int exclusiveHolds() {
        return counters.holdCensus().exclusiveHolds();
    }

    /** Acquirers queued on read-write locks in this member's partitions, as of the last reconciliation pass. */
    public int readWriteWaiters() {
        return counters.holdCensus().readWriteWaiters();
    }
}
