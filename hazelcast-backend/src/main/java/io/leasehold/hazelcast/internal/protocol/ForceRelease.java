package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LockDecisions;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.util.Map;

/** Force release by an operator: the holder loses the lock and the fence moves on. */
public final class ForceRelease extends LockProcessor {

    public ForceRelease() {
    }

    @Override
    public LockReply process(Map.Entry<String, LockRecord> entry) {
        LockRecord before = entry.getValue();
        return LockDecisions.forceRelease(before, service.now()).fold(
                () -> LockReply.of(LockReply.Code.NOT_HELD, before, false),
                released -> {
                    changed(entry, before, released, 0);
                    return LockReply.of(LockReply.Code.RELEASED, released, false);
                });
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
