package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.Maps;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.protocol.MemberPort;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Up to {@code limit} semaphores and read-write locks of one partition with keys above {@code after},
 * in key order, that someone holds or waits on (idle records are skipped). Runs on the partition's owner.
 */
public final class HoldPage extends AdminTask<HoldRows> {
    private String partitionKey;
    private String after;
    private int limit;

    public HoldPage() {
    }

    HoldPage(String partitionKey, String after, int limit) {
        this.partitionKey = partitionKey;
        this.after = after;
        this.limit = limit;
    }

    @Override
    public HoldRows call() {
        IMap<String, HoldRecord> map = hz.getMap(Maps.HOLDS);
        Predicate<String, HoldRecord> filter = after != null ? Predicates.greaterThan(KEY, after) : Predicates.alwaysTrue();
        List<String> keys = new ArrayList<>(new TreeSet<>(map.keySet(Predicates.partitionPredicate(partitionKey, filter))));
        long now = MemberPort.of(hz).now();
        HoldRows out = new HoldRows();
        int chunk = Math.max(16, limit);
        for (int from = 0; from < keys.size(); from += chunk) {
            List<String> slice = keys.subList(from, Math.min(keys.size(), from + chunk));
            Map<String, HoldRecord> values = map.getAll(new HashSet<>(slice));
            for (String key : slice) {
                HoldRecord r = values.get(key);
                if (!HoldRow.listed(r)) {
                    continue;
                }
                if (out.rows.size() == limit) {
                    out.more = true;
                    return out;
                }
                out.rows.add(HoldRow.of(key, r, now));
            }
        }
        return out;
    }

    @Override
    public int getClassId() {
        return SerializationIds.ADMIN_HOLD_PAGE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(partitionKey);
        out.writeString(after);
        out.writeInt(limit);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        partitionKey = in.readString();
        after = in.readString();
        limit = in.readInt();
    }
}
