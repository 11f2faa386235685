package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.Maps;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.protocol.MemberPort;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.TreeSet;

/**
 * The locks one lease holds in this member's partitions, from the member's lock index (no scan),
 * up to {@code limit}, in name order.
 */
public final class LocksOfLease extends AdminTask<LockRows> {
    private long leaseId;
    private int limit;

    public LocksOfLease() {
    }

    LocksOfLease(long leaseId, int limit) {
        this.leaseId = leaseId;
        this.limit = limit;
    }

    @Override
    public LockRows call() {
        MemberPort service = MemberPort.of(hz);
        TreeSet<String> names = new TreeSet<>(service.lockNamesOf(leaseId));
        LockRows out = new LockRows();
        if (names.isEmpty()) {
            return out;
        }
        IMap<String, LockRecord> map = hz.getMap(Maps.LOCKS);
        Map<String, LockRecord> values = map.getAll(names);
        long now = service.now();
        for (String name : names) {
            LockRecord r = values.get(name);
            if (r != null && r.isHeld() && r.holderLease() == leaseId) {
                if (out.rows.size() == limit) {
                    out.more = true;
                    break;
                }
                out.rows.add(LockRow.of(name, r, now));
            }
        }
        return out;
    }

    @Override
    public int getClassId() {
        return SerializationIds.ADMIN_LOCKS_OF_LEASE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(leaseId);
        out.writeInt(limit);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        leaseId = in.readLong();
        limit = in.readInt();
    }
}
