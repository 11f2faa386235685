package io.leasehold.hazelcast.internal.protocol;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.merge.MergingEntry;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import io.leasehold.hazelcast.internal.core.MergeDecisions;
import io.leasehold.hazelcast.internal.core.SerializationIds;

/**
 * Merge policy of the locks map after a split-brain heal when a majority's split-brain protection
 * guards it: {@link MergeDecisions#mergeLocksKeepingQuorum}, the record of the side that kept its
 * quorum, with a fence above both sides'. A hold that only the joining side still shows ended on the
 * other side, or was never confirmed to its caller, so it does not come back (issue 20).
 */
public final class QuorumLockMergePolicy
        implements SplitBrainMergePolicy<Object, MergingEntry<Object, Object>, Object>, IdentifiedDataSerializable {

    @Override
    public Object merge(MergingEntry<Object, Object> merging, MergingEntry<Object, Object> existing) {
        return LockMergePolicy.merge(merging, existing, MergeDecisions::mergeLocksKeepingQuorum, false);
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.QUORUM_LOCK_MERGE_POLICY;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
