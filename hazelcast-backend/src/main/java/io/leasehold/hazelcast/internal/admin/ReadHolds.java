package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.protocol.ReadProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.util.Map;

/** Reads one semaphore or read-write lock with the owner's clock: a row if anyone holds or waits on it, none if not. */
public final class ReadHolds extends ReadProcessor<String, HoldRecord, HoldRows> {

    public ReadHolds() {
    }

    @Override
    public HoldRows process(Map.Entry<String, HoldRecord> entry) {
        HoldRows out = new HoldRows();
        HoldRecord r = entry.getValue();
        if (HoldRow.listed(r)) {
            out.rows.add(HoldRow.of(entry.getKey(), r, service.now()));
        }
        return out;
    }

    @Override
    public int getClassId() {
        return SerializationIds.ADMIN_READ_HOLDS;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
