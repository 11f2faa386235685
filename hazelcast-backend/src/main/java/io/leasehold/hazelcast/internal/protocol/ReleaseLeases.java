package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LockDecisions;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
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

/** After a lease ended: releases the locks those leases still hold and drops their queued waiters. */
public final class ReleaseLeases extends LockProcessor {
    private Set<Long> leaseIds;

    public ReleaseLeases() {
    }

    public ReleaseLeases(Set<Long> leaseIds) {
        this.leaseIds = new HashSet<>(leaseIds);
    }

    @Override
    boolean multiKey() {
        return true;
    }

    @Override
    public LockReply process(Map.Entry<String, LockRecord> entry) {
        LockRecord before = entry.getValue();
        Option<LockRecord> r = LockDecisions.releaseLeases(before, leaseIds, service.now());
        if (r.isEmpty()) {
            return null;
        }
        changed(entry, before, r.get(), 0);
        return LockReply.of(LockReply.Code.RELEASED, r.get(), false);
    }

    @Override
    public int getClassId() {
        return SerializationIds.RELEASE_LEASES;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        Wire.writeLongs(out, leaseIds);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        leaseIds = Wire.readLongs(in, new HashSet<>());
    }
}
