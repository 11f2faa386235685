package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.core.Wire;
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

/** Attaches keys to a live lease, or detaches them (etcd's meaning: metadata the lease carries). */
public final class Attach extends LeaseProcessor {
    private List<String> keys;
    private boolean detach;

    public Attach() {
    }

    public Attach(List<String> keys, boolean detach) {
        this.keys = List.copyOf(keys);
        this.detach = detach;
    }

    @Override
    public LeaseReply process(Map.Entry<Long, LeaseRecord> entry) {
        long now = service.now();
        LeaseRecord current = adopted(entry, now);
        Either<LeaseDecisions.Failure, LeaseRecord> r = detach
                ? LeaseDecisions.detach(current, keys, now)
                : LeaseDecisions.attach(current, keys, now);
        if (r.isLeft()) {
            return LeaseReply.failed(r.getLeft(), current, now);
        }
        if (!r.get().equals(current)) {
            store(entry, r.get());
        } else {
            reaffirm(entry); // nothing to change, perhaps a retry: its first try's backup may be missing
        }
        return LeaseReply.brief(r.get(), now);
    }

    @Override
    public int getClassId() {
        return SerializationIds.ATTACH;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        Wire.writeStrings(out, keys);
        out.writeBoolean(detach);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        keys = Wire.readStrings(in, new ArrayList<>());
        detach = in.readBoolean();
    }
}
