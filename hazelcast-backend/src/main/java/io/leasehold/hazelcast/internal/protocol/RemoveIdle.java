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

/** Removes idle records whose fence a re-created record would start above (the sweeper's batch). */
public final class RemoveIdle extends LockProcessor {
    private long skewMillis;

    public RemoveIdle() {
    }

    public RemoveIdle(long skewMillis) {
        this.skewMillis = skewMillis;
    }

    @Override
    boolean multiKey() {
        return true;
    }

    @Override
    public LockReply process(Map.Entry<String, LockRecord> entry) {
        LockRecord before = entry.getValue();
        long now = service.now();
        if (LockDecisions.removable(before, now, skewMillis)) {
            changed(entry, before, null, 0);
            service.countRemoved();
        } else if (LockDecisions.idle(before)) {
            service.idleLater(entry.getKey(), before.fence());
        }
        return null;
    }

    @Override
    public int getClassId() {
        return SerializationIds.REMOVE_IDLE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(skewMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        skewMillis = in.readLong();
    }
}
