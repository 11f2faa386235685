package io.leasehold.hazelcast.internal.core;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The value in the {@code holds} map: the counted-hold model that semaphores and read-write locks
 * share. Immutable. A name has a permit limit, the holds (each names its lease, its count and
 * whether it is exclusive), the FIFO queue of waiters with the counts they ask for, the last fence
 * (every grant takes {@code max(last + 1, initialFence(now))}) and the ids of the last few releases,
 * so a retried release is recognised as done.
 *
 * <p>A semaphore is this record with the limit its {@code init} set. A read-write lock is this record
 * with the limit {@link Integer#MAX_VALUE}: a shared hold takes one permit, an exclusive hold takes
 * them all. Decisions live in {@link HoldDecisions}.
 */
public final class HoldRecord implements IdentifiedDataSerializable {

    /** How many release ids a record remembers for retries. */
    static final int RECENT_RELEASES = 8;

    private long limit;
    private long fence;
    private List<PermitHold> holds;
    private List<PermitWaiter> waiters;
    private List<Long> recentReleases;

    public HoldRecord() {
        this(0, 0, List.of(), List.of(), List.of());
    }

    public HoldRecord(long limit, long fence, List<PermitHold> holds, List<PermitWaiter> waiters,
                      List<Long> recentReleases) {
        this.limit = limit;
        this.fence = fence;
        this.holds = List.copyOf(holds);
        this.waiters = List.copyOf(waiters);
        this.recentReleases = List.copyOf(recentReleases);
    }

    HoldRecord with(long nextLimit, long nextFence, List<PermitHold> nextHolds, List<PermitWaiter> nextWaiters) {
        return new HoldRecord(nextLimit, nextFence, nextHolds, nextWaiters, recentReleases);
    }

    HoldRecord withRelease(long releaseId) {
        List<Long> recent = new ArrayList<>(recentReleases);
        recent.add(releaseId);
        while (recent.size() > RECENT_RELEASES) {
            recent.remove(0);
        }
        return new HoldRecord(limit, fence, holds, waiters, recent);
    }

    /** How many permits exist (a read-write lock: {@link Integer#MAX_VALUE}). */
    public long limit() {
        return limit;
    }

    /** The fence of the last grant on this name. */
    public long fence() {
        return fence;
    }

    public List<PermitHold> holds() {
        return holds;
    }

    public List<PermitWaiter> waiters() {
        return waiters;
    }

    public List<Long> recentReleases() {
        return recentReleases;
    }

    /** Permits held, by every hold together. */
    public long out() {
        long n = 0;
        for (PermitHold h : holds) {
            n += h.count();
        }
        return n;
    }

    /** Permits free now; negative after a reduction below what is held. */
    public long available() {
        return limit - out();
    }

    /** The hold made by this acquire call, or null. */
    public PermitHold hold(long holdId) {
        for (PermitHold h : holds) {
            if (h.holdId() == holdId) {
                return h;
            }
        }
        return null;
    }

    /** True when an exclusive hold is out. */
    public boolean exclusivelyHeld() {
        for (PermitHold h : holds) {
            if (h.exclusive()) {
                return true;
            }
        }
        return false;
    }

    /** The leases a record names, as holders or waiters (what the member's index keeps). */
    public static Set<Long> leasesOf(HoldRecord r) {
        if (r == null) {
            return Set.of();
        }
        Set<Long> leases = new HashSet<>();
        for (PermitHold h : r.holds()) {
            leases.add(h.leaseId());
        }
        for (PermitWaiter w : r.waiters()) {
            leases.add(w.leaseId());
        }
        return leases;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.HOLD_RECORD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(limit);
        out.writeLong(fence);
        out.writeInt(holds.size());
        for (PermitHold h : holds) {
            out.writeLong(h.holdId());
            out.writeLong(h.leaseId());
            out.writeLong(h.tag());
            out.writeLong(h.ttl());
            out.writeLong(h.count());
            out.writeBoolean(h.exclusive());
            out.writeLong(h.acquiredAt());
            out.writeLong(h.fence());
        }
        out.writeInt(waiters.size());
        for (PermitWaiter w : waiters) {
            out.writeLong(w.holdId());
            out.writeLong(w.leaseId());
            out.writeLong(w.tag());
            out.writeLong(w.ttl());
            out.writeLong(w.count());
            out.writeBoolean(w.exclusive());
            out.writeLong(w.waitUntil());
        }
        Wire.writeLongs(out, recentReleases);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        limit = in.readLong();
        fence = in.readLong();
        int n = Wire.readCount(in, "hold record holds");
        List<PermitHold> h = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            h.add(new PermitHold(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                    in.readBoolean(), in.readLong(), in.readLong()));
        }
        int m = Wire.readCount(in, "hold record waiters");
        List<PermitWaiter> w = new ArrayList<>(Math.min(m, 64));
        for (int i = 0; i < m; i++) {
            w.add(new PermitWaiter(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                    in.readBoolean(), in.readLong()));
        }
        holds = List.copyOf(h);
        waiters = List.copyOf(w);
        recentReleases = List.copyOf(Wire.readLongs(in, new ArrayList<>(), "hold record releases"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HoldRecord r && r.limit == limit && r.fence == fence && r.holds.equals(holds)
                && r.waiters.equals(waiters) && r.recentReleases.equals(recentReleases);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fence) * 31 + holds.size();
    }

    @Override
    public String toString() {
        return "HoldRecord{limit=" + limit + ", fence=" + fence + ", holds=" + holds.size() + ", out=" + out()
                + ", waiters=" + waiters.size() + '}';
    }
}
