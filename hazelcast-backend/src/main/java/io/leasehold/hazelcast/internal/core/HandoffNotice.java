package io.leasehold.hazelcast.internal.core;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/**
 * Tells a waiting {@code Leasehold} instance that a lock was handed to one of its waiters. The member
 * that made the handoff (inside a release, a lease's end, or an acquire that cleared a dead holder)
 * sends it, from its dispatch thread, to the {@code handoffs} map under the waiter's session tag; the
 * waiter listens on its own key only, so no other lock update costs any listener work. A notice that
 * is lost is made up for by the waiter's periodic check of its own standing.
 *
 * <p>The notice names the hold by a 32-bit wake code derived from the hold id, never the hold id
 * itself: the hold id is what a release must present, and map events are visible to any client.
 * An instance keeps the wake codes of its waiters distinct, so a code names one waiter.
 */
public final class HandoffNotice implements IdentifiedDataSerializable {

    private String lockName;
    private int wakeCode;
    private long fence;
    /** Admin: the named hold was force-released, not handed over (see {@link #lost}). */
    private boolean lost;

    public HandoffNotice() {
    }

    /** Tells the holder's instance that an operator force-released this hold: it is lost. */
    public static HandoffNotice lost(String lockName, int wakeCode, long fence) {
        HandoffNotice n = new HandoffNotice(lockName, wakeCode, fence);
        n.lost = true;
        return n;
    }

    public boolean isLost() {
        return lost;
    }

    public HandoffNotice(String lockName, int wakeCode, long fence) {
        this.lockName = lockName;
        this.wakeCode = wakeCode;
        this.fence = fence;
    }

    /** The wake code of a hold: the high half of a 64-bit mix of its id. */
    public static int wakeCode(long holdId) {
        long z = holdId + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int) (z >>> 32);
    }

    public String lockName() {
        return lockName;
    }

    public int wakeCode() {
        return wakeCode;
    }

    public long fence() {
        return fence;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.HANDOFF_NOTICE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(lockName);
        out.writeInt(wakeCode);
        out.writeLong(fence);
        out.writeBoolean(lost);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        lockName = in.readString();
        wakeCode = in.readInt();
        fence = in.readLong();
        lost = in.readBoolean();
    }
}
