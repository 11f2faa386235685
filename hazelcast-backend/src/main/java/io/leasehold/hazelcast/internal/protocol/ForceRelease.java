package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LockDecisions;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
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

/** Force release by an operator: the holder loses the lock and the fence moves on. */
public final class ForceRelease extends LockProcessor {

    public ForceRelease() {
    }

    @Override
    public LockReply process(Map.Entry<String, LockRecord> entry) {
        LockRecord before = entry.getValue();
        Option<LockRecord> r = LockDecisions.forceRelease(before, service.now());
        if (r.isEmpty()) {
            return LockReply.of(LockReply.Code.NOT_HELD, before, false);
        }
        changed(entry, before, r.get(), 0);
        return LockReply.of(LockReply.Code.RELEASED, r.get(), false);
    }

    @Override
    public int getClassId() {
        return SerializationIds.FORCE_RELEASE;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
