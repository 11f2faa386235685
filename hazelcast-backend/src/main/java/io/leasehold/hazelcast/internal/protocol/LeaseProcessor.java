package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** Lease processors: the owner adopts a lease it finds untracked (it just became the owner). */
public abstract class LeaseProcessor extends ProcessorBase<Long, LeaseRecord, LeaseReply> {

    /**
     * The record, after adoption: a lease this owner does not track yet arrived by promotion or
     * migration, so its deadline is raised to at least now + grace (etcd's {@code Promote(extend)}),
     * unless it expired more than one TTL ago, and it is tracked from now on. Renewals during the grace succeed and contenders see it alive.
     */
    LeaseRecord adopted(Map.Entry<Long, LeaseRecord> entry, long now) {
        LeaseRecord r = entry.getValue();
        if (r == null || service.isTracked(entry.getKey())) {
            return r;
        }
        LeaseRecord adopted = LeaseDecisions.adopt(r, service.graceMillis(), now).getOrElse(r);
        if (adopted != r) {
            store(entry, adopted);
        }
        service.trackIfAbsent(entry.getKey(), adopted.deadline());
        return adopted;
    }
}
