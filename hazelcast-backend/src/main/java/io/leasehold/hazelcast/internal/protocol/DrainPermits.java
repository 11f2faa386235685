package io.leasehold.hazelcast.internal.protocol;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.leasehold.hazelcast.internal.core.HoldDecisions;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.HoldReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;

import java.io.IOException;
import java.util.Map;

/** Takes every permit available now as one hold of the requester's lease; answers how many. */
public final class DrainPermits extends HoldProcessor {
    private HoldDecisions.Request request;

    public DrainPermits() {
    }

    public DrainPermits(HoldDecisions.Request request) {
        this.request = request;
    }

    @Override
    public HoldReply process(Map.Entry<String, HoldRecord> entry) {
        if (service.hasEnded(request.leaseId())) {
            return HoldReply.of(HoldDecisions.Code.LEASE_ENDED, entry.getValue(), 0, 0, 0);
        }
        return apply(entry, HoldDecisions.drain(entry.getValue(), request, service.now()), request.holdId());
    }

    @Override
    public int getClassId() {
        return SerializationIds.DRAIN_PERMITS;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        RequestWire.write(out, request);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        request = RequestWire.read(in);
    }
}
