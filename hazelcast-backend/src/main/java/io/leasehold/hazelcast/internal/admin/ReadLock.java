package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.protocol.ReadProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.util.Map;

/** Reads one lock with the owner's clock: a row if it is held, none if free. */
public final class ReadLock extends ReadProcessor<String, LockRecord, LockRows> {

    public ReadLock() {
    }

    @Override
    public LockRows process(Map.Entry<String, LockRecord> entry) {
        LockRows out = new LockRows();
        LockRecord r = entry.getValue();
        if (r != null && r.isHeld()) {
            out.rows.add(LockRow.of(entry.getKey(), r, service.now()));
        }
        return out;
    }

    @Override
    public int getClassId() {
        return SerializationIds.ADMIN_READ_LOCK;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
