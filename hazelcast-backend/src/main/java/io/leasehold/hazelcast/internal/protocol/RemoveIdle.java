package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LockDecisions;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

/** Removes idle records whose fence a re-created record would start above (the sweeper's batch). */
public final class RemoveIdle extends LockProcessor {
    private long skewMillis;

    public RemoveIdle() {
    }

    public RemoveIdle(long skewMillis) {
        this.skewMillis = skewMillis;
    }

    @Override
    boolean multiKey() {
        return true;
    }

    @Override
    public LockReply process(Map.Entry<String, LockRecord> entry) {
        LockRecord before = entry.getValue();
        long now = service.now();
        if (LockDecisions.removable(before, now, skewMillis)) {
            changed(entry, before, null, 0);
            service.countRemoved();
        } else if (LockDecisions.idle(before)) {
            service.idleLater(entry.getKey(), before.fence());
        }
        return null;
    }

    @Override
    public int getClassId() {
        return SerializationIds.REMOVE_IDLE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(skewMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        skewMillis = in.readLong();
    }
}
