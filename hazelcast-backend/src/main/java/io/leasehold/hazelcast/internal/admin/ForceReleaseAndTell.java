package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.protocol.MemberPort;
import io.leasehold.hazelcast.internal.protocol.ForceRelease;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.util.Map;

/**
 * {@link ForceRelease}, then a notice to the old holder's instance that its hold is lost
 * (by the hold's wake code and fence, never its id). The answer: rows of the old hold and, if the
 * lock went to a waiter, of the new one ({@code more} false and no rows: nobody held it).
 */
public final class ForceReleaseAndTell
        implements EntryProcessor<String, LockRecord, LockRows>, IdentifiedDataSerializable, HazelcastInstanceAware {

    private final transient ForceRelease release = new ForceRelease();
    private transient MemberPort service;

    public ForceReleaseAndTell() {
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        release.setHazelcastInstance(hz);
        service = MemberPort.of(hz);
    }

    @Override
    public LockRows process(Map.Entry<String, LockRecord> entry) {
        LockRecord before = entry.getValue();
        LockReply reply = release.process(entry);
        LockRows out = new LockRows();
        if (reply.code() != LockReply.Code.RELEASED) {
            return out;
        }
        long now = service.now();
        service.tellHolderLost(entry.getKey(), before);
        out.rows.add(LockRow.of(entry.getKey(), before, now));
        LockRecord after = entry.getValue();
        if (after != null && after.isHeld()) {
            out.rows.add(LockRow.of(entry.getKey(), after, now));
        }
        return out;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public EntryProcessor<String, LockRecord, LockRows> getBackupProcessor() {
        return (EntryProcessor) release.getBackupProcessor();
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.ADMIN_FORCE_RELEASE;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
