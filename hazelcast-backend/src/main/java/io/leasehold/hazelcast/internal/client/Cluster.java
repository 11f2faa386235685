package io.leasehold.hazelcast.internal.client;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.Maps;

/**
 * The cluster as one instance's parts use it: the Hazelcast instance, Leasehold's two maps, and
 * this instance's session tag (the key of its handoff notices and the owner tag of its leases).
 */
record Cluster(HazelcastInstance hz, IMap<Long, LeaseRecord> leases, IMap<String, LockRecord> locks, long tag) {

    static Cluster of(HazelcastInstance hz, long tag) {
        return new Cluster(hz, hz.getMap(Maps.LEASES), hz.getMap(Maps.LOCKS), tag);
    }

    /** The member owning the lease's partition, or null while the partition table is not known. */
    Member ownerOf(long leaseId) {
        return hz.getPartitionService().getPartition(leaseId).getOwner();
    }

    String hexTag() {
        return Long.toHexString(tag);
    }
}
