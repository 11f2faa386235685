package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.LeaseRecord;
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
 * Up to {@code limit} leases of one partition with ids above {@code after}, in id order. Runs on
 * the partition's owner: a key-only query of that partition, then the values of the page only.
 */
public final class LeasePage extends AdminTask<LeaseRows> {
    private String partitionKey;
    private boolean hasAfter;
    private long after;
    private int limit;

    public LeasePage() {
    }

    LeasePage(String partitionKey, Long after, int limit) {
        this.partitionKey = partitionKey;
        this.hasAfter = after != null;
        this.after = after == null ? 0 : after;
        this.limit = limit;
    }

    @Override
    public LeaseRows call() {
        IMap<Long, LeaseRecord> map = hz.getMap(Maps.LEASES);
        Predicate<Long, LeaseRecord> filter = hasAfter ? Predicates.greaterThan(KEY, after) : Predicates.alwaysTrue();
        TreeSet<Long> keys = new TreeSet<>(map.keySet(Predicates.partitionPredicate(partitionKey, filter)));
        LeaseRows out = new LeaseRows();
        List<Long> page = new ArrayList<>(Math.min(limit, keys.size()));
        for (Long id : keys) {
            if (page.size() == limit) {
                out.more = true;
                break;
            }
            page.add(id);
        }
        long now = MemberPort.of(hz).now();
        Map<Long, LeaseRecord> values = map.getAll(new HashSet<>(page));
        for (Long id : page) {
            LeaseRecord r = values.get(id);
            if (r != null && !r.isExpired(now)) {
                out.rows.add(LeaseRow.of(id, r, now));
            }
        }
        return out;
    }

    @Override
    public int getClassId() {
        return SerializationIds.ADMIN_LEASE_PAGE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(partitionKey);
        out.writeBoolean(hasAfter);
        out.writeLong(after);
        out.writeInt(limit);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        partitionKey = in.readString();
        hasAfter = in.readBoolean();
        after = in.readLong();
        limit = in.readInt();
    }
}
