package io.leasehold.hazelcast.internal.protocol;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.leasehold.hazelcast.internal.core.HoldDecisions;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.HoldReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;

import java.io.IOException;
import java.util.Map;

/** Reads a name's limit, available permits and waiters, and how many permits a lease holds (count). */
public final class PermitRead extends ReadProcessor<String, HoldRecord, HoldReply> {
    private long leaseId;

    public PermitRead() {
    }

    public PermitRead(long leaseId) {
        this.leaseId = leaseId;
    }

    @Override
    public HoldReply process(Map.Entry<String, HoldRecord> entry) {
        HoldRecord r = entry.getValue();
        HoldDecisions.Code code = r == null ? HoldDecisions.Code.UNKNOWN_NAME : HoldDecisions.Code.DONE;
        return HoldReply.of(code, r, r == null ? 0 : r.fence(), HoldDecisions.heldBy(r, leaseId), 0);
    }

    @Override
    public int getClassId() {
        return SerializationIds.PERMIT_READ;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(leaseId);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        leaseId = in.readLong();
    }
}
