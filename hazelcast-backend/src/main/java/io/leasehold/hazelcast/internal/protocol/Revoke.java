package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
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

/**
 * Explicit revoke: removes the record whatever its deadline, and tells every member the lease
 * ended (each frees the locks the lease holds in its own partitions).
 */
public final class Revoke extends LeaseProcessor {

    public Revoke() {
    }

    @Override
    public LeaseReply process(Map.Entry<Long, LeaseRecord> entry) {
        long now = service.now();
        Either<LeaseDecisions.Failure, LeaseRecord> r = LeaseDecisions.revoke(entry.getValue());
        if (r.isLeft()) {
            if (entry.getValue() == null) {
                reaffirm(entry); // a retry of a revoke already applied: the backups must drop it too
            }
            return LeaseReply.failed(r.getLeft(), null, now);
        }
        delete(entry);
        service.leaseEnded(entry.getKey());
        return LeaseReply.ok(r.get(), now);
    }

    @Override
    public int getClassId() {
        return SerializationIds.REVOKE;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
