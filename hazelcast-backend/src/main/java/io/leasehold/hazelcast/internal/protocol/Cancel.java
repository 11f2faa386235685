package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LockDecisions;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

/** A waiter gives up: leaves the queue, or learns the lock was handed to it already (GRANTED). */
public final class Cancel extends LockProcessor {
    private long holdId;

    public Cancel() {
    }

    public Cancel(long holdId) {
        this.holdId = holdId;
    }

    @Override
    public LockReply process(Map.Entry<String, LockRecord> entry) {
        LockRecord before = entry.getValue();
        return LockDecisions.cancel(before, holdId).fold(
                handedOver -> {
                    reaffirm(entry); // the handoff that made it ours may not have reached the backups
                    return LockReply.of(LockReply.Code.GRANTED, before, false, holdId);
                },
                left -> {
                    left.fold(() -> {
                        reaffirm(entry); // not queued, perhaps a retry: the backups must not keep the waiter either
                        return null;
                    }, next -> {
                        changed(entry, before, next, holdId);
                        return null;
                    });
                    return LockReply.of(LockReply.Code.CANCELLED, entry.getValue(), false, holdId);
                });
    }

    @Override
    public int getClassId() {
        return SerializationIds.CANCEL;
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
