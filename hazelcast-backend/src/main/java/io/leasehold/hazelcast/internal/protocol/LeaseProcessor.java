package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import java.util.Map;

/** Lease processors: the owner adopts a lease it finds untracked (it just became the owner). */
public abstract class LeaseProcessor extends ProcessorBase<Long, LeaseRecord, LeaseReply> {

    /**
     * The record, after adoption: a lease this owner does not track yet arrived by promotion or
     * migration, so its deadline is raised to at least now + grace (etcd's {@code Promote(extend)}),
     * unless it expired more than one TTL ago, and it is tracked from now on. A lease read back from a
     * store after a restart of the whole cluster gets a full TTL plus the grace (see {@code LeaseDecisions.adopt}). Renewals during the grace succeed and contenders see it alive.
     */
    LeaseRecord adopted(Map.Entry<Long, LeaseRecord> entry, long now) {
        LeaseRecord r = entry.getValue();
        if (r == null || (service.isTracked(entry.getKey()) && !r.isRecovered())) {
            return r;
        }
        LeaseRecord adopted = LeaseDecisions.adopt(r, service.graceMillis(), now).getOrElse(r);
        if (adopted != r) {
            store(entry, adopted);
        }
        if (r.isRecovered()) {
            service.track(entry.getKey(), adopted.deadline()); // read back from a store: a full TTL from now
        } else {
            service.trackIfAbsent(entry.getKey(), adopted.deadline());
        }
        return adopted;
    }
}
