package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.protocol.ReadProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.util.Map;

/** Reads one lease with the owner's clock (a read: waits for the backup to catch up). */
public final class ReadLease extends ReadProcessor<Long, LeaseRecord, LeaseRows> {

    public ReadLease() {
    }

    @Override
    public LeaseRows process(Map.Entry<Long, LeaseRecord> entry) {
        LeaseRows out = new LeaseRows();
        LeaseRecord r = entry.getValue();
        long now = service.now();
        if (r != null && !r.isExpired(now)) {
            out.rows.add(LeaseRow.of(entry.getKey(), r, now));
            out.keys.addAll(r.keys());
        }
        return out;
    }

    @Override
    public int getClassId() {
        return SerializationIds.ADMIN_READ_LEASE;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
