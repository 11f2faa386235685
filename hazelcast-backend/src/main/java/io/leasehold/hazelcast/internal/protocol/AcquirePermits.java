package io.leasehold.hazelcast.internal.protocol;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.leasehold.hazelcast.internal.core.HoldDecisions;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.HoldReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/** Acquire permits, a shared or an exclusive hold: grant, queue, or refuse. */
public final class AcquirePermits extends HoldProcessor {
    private HoldDecisions.Request request;

    public AcquirePermits() {
    }

    public AcquirePermits(HoldDecisions.Request request) {
        this.request = request;
    }

    @Override
    public HoldReply process(Map.Entry<String, HoldRecord> entry) {
        long now = service.now();
        boolean ended = service.hasEnded(request.leaseId());
        HoldDecisions.Decision d = HoldDecisions.acquire(entry.getValue(), request, ended, now);
        HoldReply reply = apply(entry, d, request.holdId());
        // As for locks: the index was written first, the end-of-lease set is read now, the broadcast
        // does the opposite; so a hold is never left to a lease that ended meanwhile.
        if (!ended && service.hasEnded(request.leaseId())
                && (d.code() == HoldDecisions.Code.GRANTED || d.code() == HoldDecisions.Code.QUEUED)) {
            HoldRecord after = entry.getValue();
            HoldDecisions.Decision undone = HoldDecisions.releaseLeases(after, Set.of(request.leaseId()), now);
            if (undone.changed()) {
                changed(entry, after, undone.next(), request.holdId());
            }
            return HoldReply.of(HoldDecisions.Code.LEASE_ENDED, entry.getValue(), 0, 0, 0);
        }
        if (d.code() == HoldDecisions.Code.GRANTED) {
            service.countAcquired();
        }
        return reply;
    }

    @Override
    public int getClassId() {
        return SerializationIds.ACQUIRE_PERMITS;
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
