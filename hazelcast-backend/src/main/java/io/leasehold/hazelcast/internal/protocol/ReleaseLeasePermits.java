package io.leasehold.hazelcast.internal.protocol;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.leasehold.hazelcast.internal.core.HoldDecisions;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.HoldReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.core.Wire;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** After leases ended: frees the permits and holds they still have and drops their waiters. */
public final class ReleaseLeasePermits extends HoldProcessor {
    private Set<Long> leaseIds;

    public ReleaseLeasePermits() {
    }

    public ReleaseLeasePermits(Set<Long> leaseIds) {
        this.leaseIds = new HashSet<>(leaseIds);
    }

    @Override
    boolean multiKey() {
        return true;
    }

    @Override
    public HoldReply process(Map.Entry<String, HoldRecord> entry) {
        HoldRecord before = entry.getValue();
        HoldDecisions.Decision d = HoldDecisions.releaseLeases(before, leaseIds, service.now());
        if (!d.changed()) {
            return null;
        }
        changed(entry, before, d.next(), 0);
        return HoldReply.of(d, d.next());
    }

    @Override
    public int getClassId() {
        return SerializationIds.RELEASE_LEASE_PERMITS;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        Wire.writeLongs(out, leaseIds);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        leaseIds = Wire.readLongs(in, new HashSet<>(), "ended leases");
    }
}
