package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.MergeDecisions;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import com.hazelcast.spi.merge.MergingEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BinaryOperator;

/**
 * Merge policy of the locks map after a split-brain heal without split-brain protection:
 * {@link MergeDecisions#mergeLocks}, the highest fence, one holder, a fence above both sides'. With
 * protection by a majority the map takes {@link QuorumLockMergePolicy}.
 */
public final class LockMergePolicy
        implements SplitBrainMergePolicy<Object, MergingEntry<Object, Object>, Object>, IdentifiedDataSerializable {

    private static final Logger LOG = LoggerFactory.getLogger(LockMergePolicy.class);

    @Override
    public Object merge(MergingEntry<Object, Object> merging, MergingEntry<Object, Object> existing) {
        return merge(merging, existing, MergeDecisions::mergeLocks, true);
    }

    /**
     * Reads both sides' records, keeps what {@code decide} says, and logs what the heal changed: a lock
     * held on both sides at WARN when both holds may have been confirmed ({@code bothMayHold}: no
     * majority's protection), else at INFO.
     */
    static Object merge(MergingEntry<Object, Object> merging, MergingEntry<Object, Object> existing,
                        BinaryOperator<LockRecord> decide, boolean bothMayHold) {
        Object m = merging.getDeserializedValue();
        Object e = existing == null ? null : existing.getDeserializedValue();
        if (!(m instanceof LockRecord mine) || (e != null && !(e instanceof LockRecord))) {
            LOG.warn("Split-brain merge of lock {}: a value that is not a lock record ({}), keeping the existing one",
                    merging.getKey(), m == null ? null : m.getClass().getName());
            return existing == null ? null : existing.getRawValue();
        }
        LockRecord theirs = (LockRecord) e;
        LockRecord kept = decide.apply(mine, theirs);
        if (MergeDecisions.twoHolders(mine, theirs) && bothMayHold) {
            LOG.warn("Split-brain merge of lock {}: held on both sides ({} and {}); kept the holder of {}",
                    merging.getKey(), mine, theirs, kept);
        } else if (mine.isHeld() && !kept.isHeld()) {
            LOG.info("Split-brain merge of lock {}: the joining side's hold ({}) ended on the side that kept its"
                    + " quorum ({}) or was never confirmed; kept {}", merging.getKey(), mine, theirs, kept);
        } else if (kept != mine && kept != theirs) {
            LOG.info("Split-brain merge of lock {}: {} and {} became {}", merging.getKey(), mine, theirs, kept);
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
        return SerializationIds.LOCK_MERGE_POLICY;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
