package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.core.Wire;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Rows of the holds map, in key order; {@code more} says there are rows after the last. */
public final class HoldRows implements IdentifiedDataSerializable {
    List<HoldRow> rows = new ArrayList<>();
    boolean more;

    public HoldRows() {
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.ADMIN_HOLD_ROWS;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(rows.size());
        for (HoldRow r : rows) {
            out.writeString(r.key());
            out.writeLong(r.limit());
            out.writeLong(r.available());
            out.writeInt(r.waiters());
            out.writeInt(r.holds().size());
            for (HoldRow.Hold h : r.holds()) {
                out.writeLong(h.holdId());
                out.writeLong(h.leaseId());
                out.writeLong(h.tag());
                out.writeLong(h.count());
                out.writeBoolean(h.exclusive());
                out.writeLong(h.fence());
                out.writeLong(h.heldFor());
            }
        }
        out.writeBoolean(more);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int n = Wire.readCount(in, "admin hold rows");
        rows = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            String key = in.readString();
            long limit = in.readLong();
            long available = in.readLong();
            int waiters = in.readInt();
            int m = Wire.readCount(in, "admin hold row holds");
            List<HoldRow.Hold> holds = new ArrayList<>(Math.min(m, 1024));
            for (int j = 0; j < m; j++) {
                holds.add(new HoldRow.Hold(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                        in.readBoolean(), in.readLong(), in.readLong()));
            }
            rows.add(new HoldRow(key, limit, available, waiters, holds));
        }
        more = in.readBoolean();
    }
}
