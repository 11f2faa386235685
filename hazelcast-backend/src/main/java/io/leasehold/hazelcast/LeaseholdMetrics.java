package io.leasehold.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.hazelcast.internal.MemberService;

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
}
