package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LockDecisions;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.core.Time;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

/** A waiter's own check: where its hold stands (holding, queued, neither) and who holds the lock. */
public final class Standing extends ReadProcessor<String, LockRecord, LockReply> {
    private long holdId;

    public Standing() {
    }

    public Standing(long holdId) {
        this.holdId = holdId;
    }

    @Override
    public LockReply process(Map.Entry<String, LockRecord> entry) {
        LockRecord r = entry.getValue();
        LockDecisions.Standing s = LockDecisions.standing(r, holdId);
        // Suspect: held for the holder's whole TTL, or by a lease this member heard ended (a record a
        // merge or a take-over left behind): the waiter checks the holder and clears it.
        boolean suspect = r != null && r.isHeld() && (Time.subtract(service.now(), r.acquiredAt()) >= r.holderTtl()
                || service.hasEnded(r.holderLease()));
        if (s == LockDecisions.Standing.HOLDING) {
            reaffirm(entry); // the waiter will take the lock as its own: the backups must say so too
        }
        LockReply.Code code = switch (s) {
            case HOLDING -> LockReply.Code.GRANTED;
            case QUEUED -> LockReply.Code.QUEUED;
            case ABSENT -> r != null && r.isHeld() ? LockReply.Code.HELD : LockReply.Code.FREE;
        };
        return LockReply.of(code, r, suspect, holdId);
    }

    @Override
    public int getClassId() {
        return SerializationIds.STANDING;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(holdId);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        holdId = in.readLong();
    }
}
