package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.core.Wire;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Lease rows, in key order; {@code more} says the partition (or query) has rows after the last. */
public final class LeaseRows implements IdentifiedDataSerializable {
    List<LeaseRow> rows = new ArrayList<>();
    boolean more;
    /** The attached keys (a single-lease read only). */
    List<String> keys = new ArrayList<>();

    public LeaseRows() {
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.ADMIN_LEASE_ROWS;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(rows.size());
        for (LeaseRow r : rows) {
            out.writeLong(r.id());
            out.writeLong(r.ttl());
            out.writeLong(r.remaining());
            out.writeLong(r.ownerTag());
            out.writeInt(r.keyCount());
        }
        out.writeBoolean(more);
        Wire.writeStrings(out, keys);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int n = Wire.readCount(in, "admin lease rows");
        rows = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            rows.add(new LeaseRow(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readInt()));
        }
        more = in.readBoolean();
        keys = Wire.readStrings(in, new ArrayList<>(), "admin lease keys");
    }
}
