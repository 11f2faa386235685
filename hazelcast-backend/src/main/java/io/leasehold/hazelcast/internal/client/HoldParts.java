package io.leasehold.hazelcast.internal.client;

import com.hazelcast.map.IMap;
import io.leasehold.hazelcast.internal.core.HoldRecord;

/**
 * The collaborators a {@link SemaphoreImpl} or {@link ReadWriteLockImpl} uses, made once per instance
 * by {@link LeaseholdClient}: the holds map, the parts the locks use too, and the instance's figures.
 */
record HoldParts(IMap<String, HoldRecord> holds, Cluster cluster, Calls calls, InstanceLifecycle lifecycle,
                 LocalLeases leases, Waiters waiters, ClientMetrics metrics) {
}
