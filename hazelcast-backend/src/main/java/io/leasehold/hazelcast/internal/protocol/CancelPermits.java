package io.leasehold.hazelcast.internal.protocol;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.leasehold.hazelcast.internal.core.HoldDecisions;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.HoldReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;

import java.io.IOException;
import java.util.Map;

/** A waiter gives up: leaves the queue (CANCELLED), or learns it was granted already (GRANTED). */
public final class CancelPermits extends HoldProcessor {
    private long holdId;

    public CancelPermits() {
    }

    public CancelPermits(long holdId) {
        this.holdId = holdId;
    }

    @Override
    public HoldReply process(Map.Entry<String, HoldRecord> entry) {
        HoldDecisions.Decision d = HoldDecisions.cancel(entry.getValue(), holdId, service.now());
        HoldReply reply = apply(entry, d, holdId);
        if (!d.changed() && entry.getValue() != null) {
            reaffirm(entry); // not queued, perhaps a retry: the backups must not keep the waiter either
        }
        return reply;
    }

    @Override
    public int getClassId() {
        return SerializationIds.CANCEL_PERMITS;
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
