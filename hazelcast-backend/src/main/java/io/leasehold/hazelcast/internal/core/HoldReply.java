package io.leasehold.hazelcast.internal.core;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/**
 * The answer of a hold processor (semaphore or read-write lock). Constant size: what happened, the
 * caller's fence and count, the record's limit, available permits and waiters, and a holder's lease
 * worth checking; never another caller's hold id.
 */
public final class HoldReply implements IdentifiedDataSerializable {

    private HoldDecisions.Code code;
    private long fence;
    private long count;
    private long limit;
    private long available;
    private int holds;
    private int waiters;
    private long suspectLease;
    private boolean exists;

    public HoldReply() {
    }

    /** A reply from a decision, describing {@code record} (the record stored after it, or the current one). */
    public static HoldReply of(HoldDecisions.Decision d, HoldRecord record) {
        return of(d.code(), record, d.fence(), d.count(), d.suspectLease());
    }

    public static HoldReply of(HoldDecisions.Code code, HoldRecord record, long fence, long count, long suspectLease) {
        HoldReply r = new HoldReply();
        r.code = code;
        r.fence = fence;
        r.count = count;
        r.suspectLease = suspectLease;
        if (record != null) {
            r.exists = true;
            r.limit = record.limit();
            r.available = record.available();
            r.holds = record.holds().size();
            r.waiters = record.waiters().size();
        }
        return r;
    }

    public HoldDecisions.Code code() {
        return code;
    }

    /** The caller's fence when granted (or drained), else 0. */
    public long fence() {
        return fence;
    }

    /** Permits granted or drained; for NOT_HELD, the permits the lease does hold; for TOO_MANY, the limit. */
    public long count() {
        return count;
    }

    public long limit() {
        return limit;
    }

    public long available() {
        return available;
    }

    public int holds() {
        return holds;
    }

    public int waiters() {
        return waiters;
    }

    /** A holder's lease whose hold is older than its TTL: worth checking it is alive (0: none). */
    public long suspectLease() {
        return suspectLease;
    }

    /** True when the name has a record. */
    public boolean exists() {
        return exists;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.HOLD_REPLY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(code.ordinal());
        out.writeLong(fence);
        out.writeLong(count);
        out.writeLong(limit);
        out.writeLong(available);
        out.writeInt(holds);
        out.writeInt(waiters);
        out.writeLong(suspectLease);
        out.writeBoolean(exists);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int c = in.readByte();
        if (c < 0 || c >= HoldDecisions.Code.values().length) {
            throw new IOException("hold reply with unknown code " + c);
        }
        code = HoldDecisions.Code.values()[c];
        fence = in.readLong();
        count = in.readLong();
        limit = in.readLong();
        available = in.readLong();
        holds = in.readInt();
        waiters = in.readInt();
        suspectLease = in.readLong();
        exists = in.readBoolean();
    }

    @Override
    public String toString() {
        return "HoldReply{" + code + ", fence=" + fence + ", count=" + count + ", available=" + available + '}';
    }
}
