package io.leasehold.hazelcast.internal.client;

import java.time.Duration;

/**
 * The collaborators a {@link LockImpl} uses, made once per instance by {@link LeaseholdClient} and
 * shared by every lock it hands out (a lock is made per {@code lock(name)} call and must be cheap).
 */
record LockParts(Cluster cluster, Calls calls, InstanceLifecycle lifecycle, LocalLeases leases, Waiters waiters,
                 HoldSettler settler, ClientMetrics metrics, Duration maxTtl) {
}
