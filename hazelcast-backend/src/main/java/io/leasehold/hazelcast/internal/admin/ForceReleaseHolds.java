package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.PermitHold;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.protocol.MemberPort;
import io.leasehold.hazelcast.internal.protocol.ReleaseLeasePermits;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Frees the holds on one semaphore or read-write lock: of one lease ({@code leaseId != 0}) or of every
 * holder. The step is {@link ReleaseLeasePermits} for those leases on this one key (the path a lease's
 * end takes, so waiters that now fit are served and told in it). The answer: the row before and the
 * row after (no rows: nothing matching held it; one row: the record is gone).
 */
public final class ForceReleaseHolds
        implements EntryProcessor<String, HoldRecord, HoldRows>, IdentifiedDataSerializable, HazelcastInstanceAware {

    private long leaseId;
    private transient HazelcastInstance hz;
    private transient ReleaseLeasePermits release;

    public ForceReleaseHolds() {
    }

    ForceReleaseHolds(long leaseId) {
        this.leaseId = leaseId;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.hz = hz;
    }

    @Override
    public HoldRows process(Map.Entry<String, HoldRecord> entry) {
        HoldRecord before = entry.getValue();
        HoldRows out = new HoldRows();
        if (before == null) {
            return out;
        }
        Set<Long> leases = new HashSet<>();
        for (PermitHold h : before.holds()) {
            if (leaseId == 0 || h.leaseId() == leaseId) {
                leases.add(h.leaseId());
            }
        }
        if (leases.isEmpty()) {
            return out;
        }
        release = new ReleaseLeasePermits(leases);
        release.setHazelcastInstance(hz);
        release.process(entry);
        long now = MemberPort.of(hz).now();
        out.rows.add(HoldRow.of(entry.getKey(), before, now));
        HoldRecord after = entry.getValue();
        if (after != null) {
            out.rows.add(HoldRow.of(entry.getKey(), after, now));
        }
        return out;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public EntryProcessor<String, HoldRecord, HoldRows> getBackupProcessor() {
        return release == null ? null : (EntryProcessor) release.getBackupProcessor();
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.ADMIN_FORCE_RELEASE_HOLDS;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(leaseId);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        leaseId = in.readLong();
    }
}
