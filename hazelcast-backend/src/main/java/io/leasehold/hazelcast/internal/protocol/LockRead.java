package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.core.Time;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.util.Map;

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
