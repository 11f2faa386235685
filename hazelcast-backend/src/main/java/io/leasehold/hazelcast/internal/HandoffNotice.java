package io.leasehold.hazelcast.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;

/**
 * Tells a waiting {@code Leasehold} instance that a lock was handed to one of its waiters. Whoever
 * caused the handoff (the releaser, the revoker, an acquirer clearing a dead holder) learns it from
 * the reply and sends this, asynchronously, to the {@code handoffs} map under the waiter's session
 * tag; the waiter listens on its own key only, so no other lock update costs any listener work. A
 * notice that is lost (its sender died) is made up for by the waiter's periodic check.
 */
public final class HandoffNotice implements IdentifiedDataSerializable {

    private String lockName;
    private long holdId;
    private long fence;

    public HandoffNotice() {
    }

    HandoffNotice(String lockName, long holdId, long fence) {
        this.lockName = lockName;
        this.holdId = holdId;
        this.fence = fence;
    }

    long holdId() {
        return holdId;
    }

    long fence() {
        return fence;
    }

    /** Sends the notice if the reply says the lock was handed to a waiter. Never blocks. */
    static void sendIfHandedOff(HazelcastInstance hz, String lockName, LockReply reply) {
        if (reply != null && reply.handoffTag() != 0) {
            hz.<Long, HandoffNotice>getMap(Maps.HANDOFFS)
                    .setAsync(reply.handoffTag(), new HandoffNotice(lockName, reply.holderHold(), reply.fence()));
        }
    }

    @Override
    public int getFactoryId() {
        return LeaseholdSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return LeaseholdSerialization.HANDOFF_NOTICE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeString(lockName);
        out.writeLong(holdId);
        out.writeLong(fence);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        lockName = in.readString();
        holdId = in.readLong();
        fence = in.readLong();
    }
}
