package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.util.Map;

/**
 * Explicit revoke: removes the record whatever its deadline, and tells every member the lease
 * ended (each frees the locks the lease holds in its own partitions).
 */
public final class Revoke extends LeaseProcessor {

    public Revoke() {
    }

    @Override
    public LeaseReply process(Map.Entry<Long, LeaseRecord> entry) {
        long now = service.now();
        return LeaseDecisions.revoke(entry.getValue()).fold(
                failure -> {
                    if (entry.getValue() == null) {
                        reaffirm(entry); // a retry of a revoke already applied: the backups must drop it too
                    }
                    return LeaseReply.failed(failure, null, now);
                },
                revoked -> {
                    delete(entry);
                    service.leaseEnded(entry.getKey());
                    return LeaseReply.ok(revoked, now);
                });
    }

    @Override
    public int getClassId() {
        return SerializationIds.REVOKE;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
