package io.leasehold.hazelcast.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The value in the {@code locks} map. Immutable. Kept after release so the next fence continues
 * from the last one.
 *
 * <p>{@code handoffTag} is non-zero only in the state produced by a release that handed the lock to
 * a queued waiter: it is the waiter's session tag, the address its {@link HandoffNotice} is sent to.
 */
public final class LockRecord implements IdentifiedDataSerializable {

    private long fence;
    private long holderLease;
    private long holderHold;
    private long holderTag;
    private long holderTtl;
    private long acquiredAt;
    private long handoffTag;
    private long lastReleasedHold;
    private List<Waiter> waiters;

    public LockRecord() {
        this.waiters = List.of();
    }

    public LockRecord(long fence, long holderLease, long holderHold, long holderTag, long holderTtl,
                      long acquiredAt, long handoffTag, List<Waiter> waiters) {
        this(fence, holderLease, holderHold, holderTag, holderTtl, acquiredAt, handoffTag, 0, waiters);
    }

    public LockRecord(long fence, long holderLease, long holderHold, long holderTag, long holderTtl,
                      long acquiredAt, long handoffTag, long lastReleasedHold, List<Waiter> waiters) {
        this.lastReleasedHold = lastReleasedHold;
        this.fence = fence;
        this.holderLease = holderLease;
        this.holderHold = holderHold;
        this.holderTag = holderTag;
        this.holderTtl = holderTtl;
        this.acquiredAt = acquiredAt;
        this.handoffTag = handoffTag;
        this.waiters = List.copyOf(waiters);
    }

    /** A free record whose next fence is {@code lastFence + 1}. */
    static LockRecord free(long lastFence, List<Waiter> waiters) {
        return new LockRecord(lastFence, 0, 0, 0, 0, 0, 0, waiters);
    }

    public long fence() {
        return fence;
    }

    public long holderLease() {
        return holderLease;
    }

    public long holderHold() {
        return holderHold;
    }

    public long holderTag() {
        return holderTag;
    }

    public long holderTtl() {
        return holderTtl;
    }

    public long acquiredAt() {
        return acquiredAt;
    }

    /** The session tag of the waiter this state was handed to; 0 when it was not made by a handoff. */
    public long getHandoffTag() {
        return handoffTag;
    }

    /** The hold id of the last explicit release, so a retried release is recognised as done. */
    public long lastReleasedHold() {
        return lastReleasedHold;
    }

    public List<Waiter> waiters() {
        return waiters;
    }

    public boolean isHeld() {
        return holderHold != 0;
    }

    @Override
    public int getFactoryId() {
        return LeaseholdSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return LeaseholdSerialization.LOCK_RECORD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(fence);
        out.writeLong(holderLease);
        out.writeLong(holderHold);
        out.writeLong(holderTag);
        out.writeLong(holderTtl);
        out.writeLong(acquiredAt);
        out.writeLong(handoffTag);
        out.writeLong(lastReleasedHold);
        out.writeInt(waiters.size());
        for (Waiter w : waiters) {
            out.writeLong(w.holdId());
            out.writeLong(w.leaseId());
            out.writeLong(w.tag());
            out.writeLong(w.ttl());
            out.writeLong(w.waitUntil());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        fence = in.readLong();
        holderLease = in.readLong();
        holderHold = in.readLong();
        holderTag = in.readLong();
        holderTtl = in.readLong();
        acquiredAt = in.readLong();
        handoffTag = in.readLong();
        lastReleasedHold = in.readLong();
        int n = Wire.readCount(in, "lock record waiters");
        List<Waiter> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new Waiter(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong()));
        }
        waiters = List.copyOf(list);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LockRecord r && r.fence == fence && r.holderLease == holderLease
                && r.holderHold == holderHold && r.holderTag == holderTag && r.holderTtl == holderTtl
                && r.acquiredAt == acquiredAt && r.handoffTag == handoffTag && r.lastReleasedHold == lastReleasedHold
                && r.waiters.equals(waiters);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fence) * 31 + Long.hashCode(holderHold);
    }

    @Override
    public String toString() {
        return "LockRecord{fence=" + fence + ", holderLease=" + Long.toHexString(holderLease)
                + ", holderHold=" + holderHold + ", acquiredAt=" + acquiredAt + ", handoffTag=" + handoffTag
                + ", waiters=" + waiters.size() + '}';
    }
}
