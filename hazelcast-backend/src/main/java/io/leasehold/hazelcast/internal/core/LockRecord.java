package io.leasehold.hazelcast.internal.core;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The value in the {@code locks} map. Immutable. Names its holder's lease, hold and session tag, the
 * lease's TTL and when the hold began (so a contender can tell a holder that outlived its lease), the
 * last fence, and the FIFO queue of waiters. A free record with no waiters is removed a little after
 * release (see {@link LockDecisions#removable}); fences continue above it when it is created again.
 */
public final class LockRecord implements IdentifiedDataSerializable {

    private long fence;
    private long holderLease;
    private long holderHold;
    private long holderTag;
    private long holderTtl;
    private long acquiredAt;
    private long lastReleasedHold;
    private List<Waiter> waiters;

    public LockRecord() {
        this.waiters = List.of();
    }

    public LockRecord(long fence, long holderLease, long holderHold, long holderTag, long holderTtl,
                      long acquiredAt, long lastReleasedHold, List<Waiter> waiters) {
        this.lastReleasedHold = lastReleasedHold;
        this.fence = fence;
        this.holderLease = holderLease;
        this.holderHold = holderHold;
        this.holderTag = holderTag;
        this.holderTtl = holderTtl;
        this.acquiredAt = acquiredAt;
        this.waiters = List.copyOf(waiters);
    }

    /** A free record whose next fence is above {@code lastFence}. */
    static LockRecord free(long lastFence) {
        return new LockRecord(lastFence, 0, 0, 0, 0, 0, 0, List.of());
    }

    LockRecord withWaiters(List<Waiter> next) {
        return new LockRecord(fence, holderLease, holderHold, holderTag, holderTtl, acquiredAt, lastReleasedHold, next);
    }

    LockRecord withLastReleased(long hold) {
        return new LockRecord(fence, holderLease, holderHold, holderTag, holderTtl, acquiredAt, hold, waiters);
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

    /** The hold id of the last explicit release, so an immediately retried release is recognised as done. */
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
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.LOCK_RECORD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(fence);
        out.writeLong(holderLease);
        out.writeLong(holderHold);
        out.writeLong(holderTag);
        out.writeLong(holderTtl);
        out.writeLong(acquiredAt);
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
        lastReleasedHold = in.readLong();
        int n = Wire.readCount(in, "lock record waiters");
        List<Waiter> list = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            list.add(new Waiter(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong()));
        }
        waiters = List.copyOf(list);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LockRecord r && r.fence == fence && r.holderLease == holderLease
                && r.holderHold == holderHold && r.holderTag == holderTag && r.holderTtl == holderTtl
                && r.acquiredAt == acquiredAt && r.lastReleasedHold == lastReleasedHold
                && r.waiters.equals(waiters);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fence) * 31 + Long.hashCode(holderHold);
    }

    @Override
    public String toString() {
        return "LockRecord{fence=" + fence + ", holderLease=" + Long.toHexString(holderLease)
                + ", acquiredAt=" + acquiredAt + ", waiters=" + waiters.size() + '}';
    }
}
