package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.protocol.ReadProcessor;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** Reads one lock with the owner's clock: a row if it is held, none if free. */
public final class ReadLock extends ReadProcessor<String, LockRecord, LockRows> {

    public ReadLock() {
    }

    @Override
    public LockRows process(Map.Entry<String, LockRecord> entry) {
        LockRows out = new LockRows();
        LockRecord r = entry.getValue();
        if (r != null && r.isHeld()) {
            out.rows.add(LockRow.of(entry.getKey(), r, service.now()));
        }
        return out;
    }

    @Override
    public int getClassId() {
        return SerializationIds.ADMIN_READ_LOCK;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
