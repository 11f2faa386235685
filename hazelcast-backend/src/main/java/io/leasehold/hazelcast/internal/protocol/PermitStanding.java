package io.leasehold.hazelcast.internal.protocol;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.leasehold.hazelcast.internal.core.HoldDecisions;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.HoldReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;

import java.io.IOException;
import java.util.Map;

/** A waiter's own check: where its hold stands (GRANTED, QUEUED, ABSENT) and a holder worth checking. */
public final class PermitStanding extends ReadProcessor<String, HoldRecord, HoldReply> {
    private long holdId;

    public PermitStanding() {
    }

    public PermitStanding(long holdId) {
        this.holdId = holdId;
    }

    @Override
    public HoldReply process(Map.Entry<String, HoldRecord> entry) {
        HoldDecisions.Decision d = HoldDecisions.standing(entry.getValue(), holdId, service.now());
        if (d.code() == HoldDecisions.Code.GRANTED) {
            reaffirm(entry); // the waiter will take the hold as its own: the backups must say so too
        }
        return HoldReply.of(d, entry.getValue());
    }

    @Override
    public int getClassId() {
        return SerializationIds.PERMIT_STANDING;
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
