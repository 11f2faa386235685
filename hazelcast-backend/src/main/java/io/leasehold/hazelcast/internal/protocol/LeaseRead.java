package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

/** Reads a lease with the owner's clock (time-to-live, liveness checks). {@code withKeys} for timeToLive. */
public final class LeaseRead extends LeaseProcessor {
    private boolean withKeys;

    public LeaseRead() {
    }

    public LeaseRead(boolean withKeys) {
        this.withKeys = withKeys;
    }

    /** Sent with submitToKeys by the keep-alive: its backup must say which key gets what. */
    @Override
    boolean multiKey() {
        return true;
    }

    @Override
    public LeaseReply process(Map.Entry<Long, LeaseRecord> entry) {
        long now = service.now();
        LeaseRecord current = adopted(entry, now);
        return LeaseDecisions.live(current, now).fold(
                failure -> LeaseReply.failed(failure, current, now),
                live -> {
                    // The holder's validity will follow this deadline: the backups must have it too.
                    reaffirm(entry);
                    return withKeys ? LeaseReply.ok(live, now) : LeaseReply.brief(live, now);
                });
    }

    @Override
    @SuppressWarnings("unchecked")
    public EntryProcessor<Long, LeaseRecord, LeaseReply> getBackupProcessor() {
        EntryProcessor<Long, LeaseRecord, LeaseReply> changed = super.getBackupProcessor();
        return changed != null ? changed : (EntryProcessor<Long, LeaseRecord, LeaseReply>) (Object) NoopBackup.INSTANCE;
    }

    @Override
    public int getClassId() {
        return SerializationIds.LEASE_READ;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(withKeys);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        withKeys = in.readBoolean();
    }
}
