package io.leasehold.hazelcast.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/** The answer of a lock entry processor. */
public final class LockReply implements IdentifiedDataSerializable {

    /** What happened. */
    public enum Code {
        GRANTED, QUEUED, HELD, RELEASED, NOT_HELD, CANCELLED, FREE
    }

    private Code code;
    private long fence;
    private long holderLease;
    private long holderHold;
    private int waiters;
    private boolean suspect;
    private long handoffTag;

    public LockReply() {
    }

    static LockReply of(Code code, LockRecord r, boolean suspect) {
        LockReply reply = new LockReply();
        reply.code = code;
        if (r != null) {
            reply.fence = r.fence();
            reply.holderLease = r.holderLease();
            reply.holderHold = r.holderHold();
            reply.waiters = r.waiters().size();
        }
        reply.suspect = suspect;
        return reply;
    }

    /**
     * Marks the reply when the operation handed the lock to a queued waiter: the holder changed to a
     * hold other than the caller's own.
     */
    LockReply handoff(LockRecord before, LockRecord after, long callerHold) {
        long previous = before == null ? 0 : before.holderHold();
        if (after != null && after.isHeld() && after.holderHold() != previous && after.holderHold() != callerHold) {
            handoffTag = after.holderTag();
        }
        return this;
    }

    public Code code() {
        return code;
    }

    /** For GRANTED: the new fence. Otherwise the record's last fence. */
    public long fence() {
        return fence;
    }

    public long holderLease() {
        return holderLease;
    }

    public long holderHold() {
        return holderHold;
    }

    public int waiters() {
        return waiters;
    }

    /** The holder has held the lock for at least its lease TTL: worth checking its lease is alive. */
    public boolean suspect() {
        return suspect;
    }

    /** Non-zero when this operation handed the lock to a waiter: that waiter's session tag. */
    public long handoffTag() {
        return handoffTag;
    }

    @Override
    public int getFactoryId() {
        return LeaseholdSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return LeaseholdSerialization.LOCK_REPLY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(code.ordinal());
        out.writeLong(fence);
        out.writeLong(holderLease);
        out.writeLong(holderHold);
        out.writeInt(waiters);
        out.writeBoolean(suspect);
        out.writeLong(handoffTag);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        code = Code.values()[in.readByte()];
        fence = in.readLong();
        holderLease = in.readLong();
        holderHold = in.readLong();
        waiters = in.readInt();
        suspect = in.readBoolean();
        handoffTag = in.readLong();
    }

    @Override
    public String toString() {
        return "LockReply{" + code + ", fence=" + fence + ", holderLease=" + Long.toHexString(holderLease) + '}';
    }
}
