package io.leasehold.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.admin.LeaseholdAdmin;
import io.leasehold.hazelcast.internal.admin.AdminImpl;
import io.leasehold.hazelcast.internal.client.LeaseholdClient;

/**
 * Creates {@link Leasehold} instances on a Hazelcast member or client. The members must run with
 * {@link LeaseholdConfig#apply} applied; a client needs {@link LeaseholdConfig#apply(com.hazelcast.client.config.ClientConfig)}.
 */
public final class HazelcastLeasehold {

    private HazelcastLeasehold() {
    }

    /** A Leasehold instance with default settings (10 s session TTL). */
    public static Leasehold create(HazelcastInstance hazelcast) {
        return create(hazelcast, LeaseholdSettings.defaults());
    }

    public static Leasehold create(HazelcastInstance hazelcast, LeaseholdSettings settings) {
        return new LeaseholdClient(hazelcast, settings);
    }

    /**
     * The operator's view of the cluster the instance belongs to: list and inspect leases and locks,
     * revoke a lease, force a lock free. Needs no session: cheap to create, nothing to close.
     */
    public static LeaseholdAdmin admin(HazelcastInstance hazelcast) {
        return new AdminImpl(hazelcast);
    }
}
