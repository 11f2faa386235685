package io.leasehold.hazelcast.internal.protocol;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.leasehold.hazelcast.internal.core.HoldDecisions;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.HoldReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;

import java.io.IOException;
import java.util.Map;

/** Release one hold, or a count of permits a lease holds; the next waiters that fit get them inside it. */
public final class ReleasePermits extends HoldProcessor {
    private HoldDecisions.Release request;

    public ReleasePermits() {
    }

    public ReleasePermits(HoldDecisions.Release request) {
        this.request = request;
    }

    @Override
    public HoldReply process(Map.Entry<String, HoldRecord> entry) {
        HoldDecisions.Decision d = HoldDecisions.release(entry.getValue(), request, service.now());
        return apply(entry, d, request.holdId());
    }

    @Override
    public int getClassId() {
        return SerializationIds.RELEASE_PERMITS;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(request.releaseId());
        out.writeLong(request.leaseId());
        out.writeLong(request.holdId());
        out.writeLong(request.count());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        request = new HoldDecisions.Release(in.readLong(), in.readLong(), in.readLong(), in.readLong());
    }
}
