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

/** Release by the hold that owns the lock; the next live waiter gets it, inside this operation. */
public final class Release extends LockProcessor {
    private long holdId;

    public Release() {
    }

    public Release(long holdId) {
        this.holdId = holdId;
    }

    @Override
    public LockReply process(Map.Entry<String, LockRecord> entry) {
        LockRecord before = entry.getValue();
        Either<LockDecisions.NotHeld, LockRecord> r = LockDecisions.release(before, holdId, service.now());
        if (r.isLeft()) {
            return LockReply.of(LockReply.Code.NOT_HELD, before, false, holdId);
        }
        changed(entry, before, r.get(), holdId);
        return LockReply.of(LockReply.Code.RELEASED, r.get(), false, holdId);
    }

    @Override
    public int getClassId() {
        return SerializationIds.RELEASE;
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
