package io.leasehold.hazelcast.internal.core;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/**
 * The answer of a lock entry processor. Constant size: the holder's lease and fence, how many wait,
 * and whether the caller's own hold is the holder; never another caller's hold id (hold ids are what
 * a release must present).
 */
public final class LockReply implements IdentifiedDataSerializable {

    /** What happened. */
    public enum Code {
        GRANTED, QUEUED, HELD, RELEASED, NOT_HELD, CANCELLED, FREE,
        /** The requester's lease has ended (this member heard so): nothing was taken or queued. */
        LEASE_ENDED
    }

    private Code code;
    private long fence;
    private long holderLease;
    private long acquiredAt;
    private int waiters;
    private boolean suspect;
    private boolean mine;

    public LockReply() {
    }

    public static LockReply of(Code code, LockRecord r, boolean suspect) {
        return of(code, r, suspect, 0);
    }

    /** A reply about {@code r}; {@code callerHold} tells whether the caller's hold is the holder. */
    public static LockReply of(Code code, LockRecord r, boolean suspect, long callerHold) {
        LockReply reply = new LockReply();
        reply.code = code;
        if (r != null) {
            reply.fence = r.fence();
            reply.holderLease = r.holderLease();
            reply.acquiredAt = r.acquiredAt();
            reply.waiters = r.waiters().size();
            reply.mine = callerHold != 0 && r.isHeld() && r.holderHold() == callerHold;
        }
        reply.suspect = suspect;
        return reply;
    }

    public Code code() {
        return code;
    }

    /** For GRANTED: the new fence. Otherwise the record's last fence. */
    public long fence() {
        return fence;
    }

    /** The holder's lease, or 0 when free. */
    public long holderLease() {
        return holderLease;
    }

    /** When the holder took the lock, on the owner's clock (0 when free). */
    public long acquiredAt() {
        return acquiredAt;
    }

    public boolean isHeld() {
        return holderLease != 0;
    }

    public int waiters() {
        return waiters;
    }

    /** The caller's own hold holds the lock. */
    public boolean mine() {
        return mine;
    }

    /** The holder has held the lock for at least its lease TTL: worth checking its lease is alive. */
    public boolean suspect() {
        return suspect;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.LOCK_REPLY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(code.ordinal());
        out.writeLong(fence);
        out.writeLong(holderLease);
        out.writeLong(acquiredAt);
        out.writeInt(waiters);
        out.writeBoolean(suspect);
        out.writeBoolean(mine);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int c = in.readByte();
        if (c < 0 || c >= Code.values().length) {
            throw new IOException("lock reply with unknown code " + c);
        }
        code = Code.values()[c];
        fence = in.readLong();
        holderLease = in.readLong();
        acquiredAt = in.readLong();
        waiters = in.readInt();
        suspect = in.readBoolean();
        mine = in.readBoolean();
    }

    @Override
    public String toString() {
        return "LockReply{" + code + ", fence=" + fence + ", holderLease=" + Long.toHexString(holderLease) + '}';
    }
}
