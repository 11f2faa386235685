package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LockDecisions;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.core.Wire;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** After a lease ended: releases the locks those leases still hold and drops their queued waiters. */
public final class ReleaseLeases extends LockProcessor {
    private Set<Long> leaseIds;

    public ReleaseLeases() {
    }

    public ReleaseLeases(Set<Long> leaseIds) {
        this.leaseIds = new HashSet<>(leaseIds);
    }

    @Override
    boolean multiKey() {
        return true;
    }

    @Override
    public LockReply process(Map.Entry<String, LockRecord> entry) {
        LockRecord before = entry.getValue();
        return LockDecisions.releaseLeases(before, leaseIds, service.now()).fold(
                () -> null, // nothing of those leases here
                released -> {
                    changed(entry, before, released, 0);
                    return LockReply.of(LockReply.Code.RELEASED, released, false);
                });
    }

    @Override
    public int getClassId() {
        return SerializationIds.RELEASE_LEASES;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        Wire.writeLongs(out, leaseIds);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        leaseIds = Wire.readLongs(in, new HashSet<>());
    }
}
