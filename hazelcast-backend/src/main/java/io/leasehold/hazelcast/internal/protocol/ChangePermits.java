package io.leasehold.hazelcast.internal.protocol;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.leasehold.hazelcast.internal.core.HoldDecisions;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.HoldReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;

import java.io.IOException;
import java.util.Map;

/**
 * A semaphore's permit count: {@code init} (sets it once; ALREADY when set before) or a change of
 * the limit by {@code amount} (increase when positive, reduce when negative; a raise serves the queue).
 * Applying the same change twice would change twice, so a change is sent once, not retried blindly:
 * {@link #changeId} is remembered as a release id, and a retry that finds it answers DONE unchanged.
 */
public final class ChangePermits extends HoldProcessor {
    private boolean init;
    private long amount;
    private long changeId;

    public ChangePermits() {
    }

    private ChangePermits(boolean init, long amount, long changeId) {
        this.init = init;
        this.amount = amount;
        this.changeId = changeId;
    }

    public static ChangePermits init(long permits) {
        return new ChangePermits(true, permits, 0);
    }

    public static ChangePermits change(long delta, long changeId) {
        return new ChangePermits(false, delta, changeId);
    }

    @Override
    public HoldReply process(Map.Entry<String, HoldRecord> entry) {
        HoldRecord before = entry.getValue();
        if (init) {
            return apply(entry, HoldDecisions.init(before, amount), 0);
        }
        if (before != null && before.recentReleases().contains(changeId)) {
            reaffirm(entry);
            return HoldReply.of(HoldDecisions.Code.DONE, before, 0, before.limit(), 0);
        }
        HoldDecisions.Decision d = HoldDecisions.changeLimit(before, amount, service.now());
        if (d.changed()) {
            d = new HoldDecisions.Decision(d.code(), HoldDecisions.remember(d.next(), changeId), true, d.fence(),
                    d.count(), d.suspectLease());
        }
        return apply(entry, d, 0);
    }

    @Override
    public int getClassId() {
        return SerializationIds.CHANGE_PERMITS;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(init);
        out.writeLong(amount);
        out.writeLong(changeId);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        init = in.readBoolean();
        amount = in.readLong();
        changeId = in.readLong();
    }
}
