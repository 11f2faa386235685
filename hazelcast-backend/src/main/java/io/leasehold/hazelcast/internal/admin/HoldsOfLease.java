package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.Maps;
import io.leasehold.hazelcast.internal.core.PermitHold;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.protocol.MemberPort;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The semaphores and read-write locks one lease holds in this member's partitions, from the member's
 * index of holds by lease (no scan), up to {@code limit}, in key order.
 */
public final class HoldsOfLease extends AdminTask<HoldRows> {
    private long leaseId;
    private int limit;

    public HoldsOfLease() {
    }

    HoldsOfLease(long leaseId, int limit) {
        this.leaseId = leaseId;
        this.limit = limit;
    }

    @Override
    public HoldRows call() {
        MemberPort service = MemberPort.of(hz);
        TreeSet<String> keys = new TreeSet<>(service.holdKeysOf(Set.of(leaseId)));
        HoldRows out = new HoldRows();
        if (keys.isEmpty()) {
            return out;
        }
        IMap<String, HoldRecord> map = hz.getMap(Maps.HOLDS);
        Map<String, HoldRecord> values = map.getAll(keys);
        long now = service.now();
        for (String key : keys) {
            HoldRecord r = values.get(key);
            if (r != null && r.holds().stream().map(PermitHold::leaseId).anyMatch(l -> l == leaseId)) {
                if (out.rows.size() == limit) {
                    out.more = true;
                    break;
                }
                out.rows.add(HoldRow.of(key, r, now));
            }
        }
        return out;
    }

    @Override
    public int getClassId() {
        return SerializationIds.ADMIN_HOLDS_OF_LEASE;
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
