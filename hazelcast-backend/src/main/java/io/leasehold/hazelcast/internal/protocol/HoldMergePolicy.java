package io.leasehold.hazelcast.internal.protocol;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.merge.MergingEntry;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.MergeDecisions;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import org.slf4j.Logger;
import java.util.function.BinaryOperator;
import org.slf4j.LoggerFactory;

/**
 * Merge policy of the holds map after a split-brain heal: {@link MergeDecisions#mergeHolds}, the
 * side with the higher fence, whole (never more permits out than its limit, never a writer beside
 * another hold), with the higher fence of both sides.
 */
public final class HoldMergePolicy
        implements SplitBrainMergePolicy<Object, MergingEntry<Object, Object>, Object>, IdentifiedDataSerializable {

    private static final Logger LOG = LoggerFactory.getLogger(HoldMergePolicy.class);

    @Override
    public Object merge(MergingEntry<Object, Object> merging, MergingEntry<Object, Object> existing) {
        return merge(merging, existing, MergeDecisions::mergeHolds);
    }

    /** Merges two hold entries with {@code decide}, sending back the raw value of the side it keeps whole. */
    static Object merge(MergingEntry<Object, Object> merging, MergingEntry<Object, Object> existing,
                        BinaryOperator<HoldRecord> decide) {
        Object m = merging.getDeserializedValue();
        Object e = existing == null ? null : existing.getDeserializedValue();
        if (!(m instanceof HoldRecord mine) || (e != null && !(e instanceof HoldRecord))) {
            LOG.warn("Split-brain merge of {}: a value that is not a hold record, keeping the existing one",
                    merging.getKey());
            return existing == null ? null : existing.getRawValue();
        }
        HoldRecord theirs = (HoldRecord) e;
        HoldRecord kept = decide.apply(mine, theirs);
        if (theirs != null && !mine.holds().isEmpty() && !theirs.holds().isEmpty() && !mine.equals(theirs)) {
            LOG.warn("Split-brain merge of {}: held on both sides ({} and {}); kept {}", merging.getKey(), mine, theirs,
                    kept);
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
        return SerializationIds.HOLD_MERGE_POLICY;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
