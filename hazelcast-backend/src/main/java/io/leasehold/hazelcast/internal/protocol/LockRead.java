package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.core.Time;
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

/** Reads a lock's holder. */
public final class LockRead extends ReadProcessor<String, LockRecord, LockReply> {

    public LockRead() {
    }

    @Override
    public LockReply process(Map.Entry<String, LockRecord> entry) {
        LockRecord r = entry.getValue();
        if (r == null || !r.isHeld()) {
            return LockReply.of(LockReply.Code.FREE, r, false);
        }
        boolean suspect = Time.subtract(service.now(), r.acquiredAt()) >= r.holderTtl();
        return LockReply.of(LockReply.Code.HELD, r, suspect);
    }

    @Override
    public int getClassId() {
        return SerializationIds.LOCK_READ;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
