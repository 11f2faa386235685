package io.leasehold.hazelcast.internal.protocol;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.merge.MergingEntry;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import io.leasehold.hazelcast.internal.core.MergeDecisions;
import io.leasehold.hazelcast.internal.core.SerializationIds;

/**
 * Merge policy of the holds map (semaphores, read-write locks) after a split-brain heal when a
 * majority's split-brain protection guards it: {@link MergeDecisions#mergeHoldsKeepingQuorum}, the
 * record of the side that kept its quorum, with a fence above both sides'. Holds only the joining
 * side still shows do not come back, as with {@link QuorumLockMergePolicy} for locks.
 */
public final class QuorumHoldMergePolicy
        implements SplitBrainMergePolicy<Object, MergingEntry<Object, Object>, Object>, IdentifiedDataSerializable {

    @Override
    public Object merge(MergingEntry<Object, Object> merging, MergingEntry<Object, Object> existing) {
        return HoldMergePolicy.merge(merging, existing, MergeDecisions::mergeHoldsKeepingQuorum);
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.QUORUM_HOLD_MERGE_POLICY;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
