package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.core.Wire;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The revoker's batch revoke. Re-checks each deadline (and the grace the revoker applied), so a
 * stale heap entry, or a member that has just lost the partition, cannot revoke early.
 */
public final class RevokeExpired extends LeaseProcessor {
    private Map<Long, Long> notBefore;

    public RevokeExpired() {
    }

    public RevokeExpired(Map<Long, Long> notBefore) {
        this.notBefore = new HashMap<>(notBefore);
    }

    @Override
    boolean multiKey() {
        return true;
    }

    @Override
    public LeaseReply process(Map.Entry<Long, LeaseRecord> entry) {
        long now = service.now();
        long bound = notBefore.getOrDefault(entry.getKey(), Long.MIN_VALUE);
        LeaseRecord current = adopted(entry, now);
        return LeaseDecisions.revokeIfExpired(current, bound, now).fold(
                failure -> LeaseReply.failed(failure, current, now),
                revoked -> {
                    delete(entry);
                    service.leaseEnded(entry.getKey());
                    return LeaseReply.brief(revoked, now);
                });
    }

    @Override
    public int getClassId() {
        return SerializationIds.REVOKE_EXPIRED;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(notBefore.size());
        for (Map.Entry<Long, Long> e : notBefore.entrySet()) {
            out.writeLong(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int n = Wire.readCount(in, "revoke batch");
        notBefore = new HashMap<>();
        for (int i = 0; i < n; i++) {
            notBefore.put(in.readLong(), in.readLong());
        }
    }
}
