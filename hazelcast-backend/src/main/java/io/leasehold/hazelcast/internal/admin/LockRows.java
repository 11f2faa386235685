package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.core.Wire;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Lock rows, in name order; {@code more} says there are rows after the last. */
public final class LockRows implements IdentifiedDataSerializable {
    List<LockRow> rows = new ArrayList<>();
    boolean more;

    public LockRows() {
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.ADMIN_LOCK_ROWS;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(rows.size());
        for (LockRow r : rows) {
            out.writeString(r.name());
            out.writeLong(r.fence());
            out.writeLong(r.holderLease());
            out.writeLong(r.holderTag());
            out.writeLong(r.heldFor());
            out.writeInt(r.waiters());
        }
        out.writeBoolean(more);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int n = Wire.readCount(in, "admin lock rows");
        rows = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            rows.add(new LockRow(in.readString(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                    in.readInt()));
        }
        more = in.readBoolean();
    }
}
