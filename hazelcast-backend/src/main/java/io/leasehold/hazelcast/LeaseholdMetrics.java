package io.leasehold.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.hazelcast.internal.member.MemberService;

/** Figures of one member's Leasehold service, for monitoring and benchmarks. */
public final class LeaseholdMetrics {

    private final MemberService service;

    private LeaseholdMetrics(MemberService service) {
        this.service = service;
    }

    /**
     * The metrics of an embedded member started with Leasehold's configuration.
     *
     * @throws IllegalStateException if Leasehold is not configured on that member
     */
    public static LeaseholdMetrics of(HazelcastInstance member) {
        return new LeaseholdMetrics(MemberService.of(member));
    }

    /** Leases in this member's expiry heap (the leases of the partitions it owns). */
    public int trackedLeases() {
        return service.trackedLeases();
    }

    /** Renew requests served; a batch counts once however many leases it renews. */
    public long renewRequests() {
        return service.renewRequests();
    }

    /** Leases revoked by this member's revoker after their deadline. */
    public long revokedLeases() {
        return service.revokedLeases();
    }

    /** Leases granted on this member. */
    public long grants() {
        return service.grants();
    }

    /** Locks granted on this member to an acquire (not by handoff). */
    public long acquired() {
        return service.acquired();
    }

    /** Locks handed to a queued waiter on this member. */
    public long handoffs() {
        return service.handoffs();
    }

    /** Idle lock records this member removed. */
    public long removedRecords() {
        return service.removedRecords();
    }

    /** Lock records (held or waited on) this member freed because their lease ended. */
    public long locksFreedByEnd() {
        return service.locksFreedByEnd();
    }

    /** Lock records waiting for the idle sweep on this member. */
    public int idleRecordsPending() {
        return service.idleRecordsPending();
    }
}
