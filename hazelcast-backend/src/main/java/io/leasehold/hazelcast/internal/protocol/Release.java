package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LockDecisions;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

/** Release by the hold that owns the lock; the next live waiter gets it, inside this operation. */
public final class Release extends LockProcessor {
    private long holdId;

    public Release() {
    }

    public Release(long holdId) {
        this.holdId = holdId;
    }

    @Override
    public LockReply process(Map.Entry<String, LockRecord> entry) {
        LockRecord before = entry.getValue();
        return LockDecisions.release(before, holdId, service.now()).fold(
                notHeld -> LockReply.of(LockReply.Code.NOT_HELD, before, false, holdId),
                released -> {
                    changed(entry, before, released, holdId);
                    return LockReply.of(LockReply.Code.RELEASED, released, false, holdId);
                });
    }

    @Override
    public int getClassId() {
        return SerializationIds.RELEASE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(holdId);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        holdId = in.readLong();
    }
}
