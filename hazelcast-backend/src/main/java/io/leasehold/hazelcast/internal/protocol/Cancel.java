package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LockDecisions;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** A waiter gives up: leaves the queue, or learns the lock was handed to it already (GRANTED). */
public final class Cancel extends LockProcessor {
    private long holdId;

    public Cancel() {
    }

    public Cancel(long holdId) {
        this.holdId = holdId;
    }

    @Override
    public LockReply process(Map.Entry<String, LockRecord> entry) {
        LockRecord before = entry.getValue();
        Either<Long, Option<LockRecord>> r = LockDecisions.cancel(before, holdId);
        if (r.isLeft()) {
            reaffirm(entry); // the handoff that made it ours may not have reached the backups
            return LockReply.of(LockReply.Code.GRANTED, before, false, holdId);
        }
        if (r.get().isDefined()) {
            changed(entry, before, r.get().get(), holdId);
        } else {
            reaffirm(entry); // not queued, perhaps a retry: the backups must not keep the waiter either
        }
        return LockReply.of(LockReply.Code.CANCELLED, entry.getValue(), false, holdId);
    }

    @Override
    public int getClassId() {
        return SerializationIds.CANCEL;
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
