package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.MergeDecisions;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import com.hazelcast.spi.merge.MergingEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Merge policy of the leases map after a split-brain heal: {@link MergeDecisions#mergeLeases} —
 * a lease is kept only while it is alive on the member's clock.
 */
public final class LeaseMergePolicy
        implements SplitBrainMergePolicy<Object, MergingEntry<Object, Object>, Object>, IdentifiedDataSerializable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseMergePolicy.class);

    @Override
    public Object merge(MergingEntry<Object, Object> merging, MergingEntry<Object, Object> existing) {
        Object m = merging.getDeserializedValue();
        Object e = existing == null ? null : existing.getDeserializedValue();
        if (!(m instanceof LeaseRecord mine) || (e != null && !(e instanceof LeaseRecord))) {
            LOG.warn("Split-brain merge of lease {}: a value that is not a lease record, keeping the existing one",
                    merging.getKey());
            return existing == null ? null : existing.getRawValue();
        }
        LeaseRecord theirs = (LeaseRecord) e;
        LeaseRecord kept = MergeDecisions.mergeLeases(mine, theirs, MergeClock.now());
        if (kept == null) {
            LOG.info("Split-brain merge of lease {}: expired on both sides, dropped", merging.getKey());
            return null;
        }
        if (kept == theirs) {
            return existing.getRawValue();
        }
        return kept == mine ? merging.getRawValue() : kept;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.LEASE_MERGE_POLICY;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
