package io.leasehold.hazelcast.internal.core;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a split-brain heal keeps of Leasehold's records, as pure functions (the merge policies call
 * them; tests call them without a cluster). {@code merging} is the record of the side that joins
 * (the smaller one), {@code existing} that of the side it joins; either may be null.
 */
public final class MergeDecisions {

    private MergeDecisions() {
    }

    /**
     * The lock record to keep. Never two holders: one record, at most one holder. Which one:
     * <ul>
     *   <li>both held: the higher fence; the same fence held by two holds (a fence issued on both
     *       sides) goes to the higher hold id, then the higher lease id — deterministic on every member;</li>
     *   <li>one held: that one;</li>
     *   <li>neither: the higher fence (the existing one on a tie).</li>
     * </ul>
     * The kept fence is never below either side's, and when the other side saw the survivor's fence
     * or a higher one from someone else, the survivor's fence is raised to one above both sides', so
     * a resource that saw a fence of either side orders the survivor's after it, and the next grant
     * continues above everything issued on both sides.
     */
    public static LockRecord mergeLocks(LockRecord merging, LockRecord existing) {
        if (merging == null) {
            return existing;
        }
        if (existing == null || merging.equals(existing)) {
            return existing == null ? merging : existing;
        }
        LockRecord survivor = survivor(merging, existing);
        return kept(survivor, survivor == merging ? existing : merging);
    }

    /**
     * The lock record to keep when the side that joins lost its quorum (split-brain protection by a
     * majority): the existing side's record, whole, with its fence raised as in {@link #mergeLocks}.
     * The joining side could confirm nothing once it had lost its majority, so what its records say
     * beyond the existing side's is either a hold from before the split, which the existing side has
     * seen end since (released there, or its lease expired there), or a grant its caller was never
     * told of. Keeping such a hold, as {@link #mergeLocks} keeps a held record over a free one, would
     * leave the lock held by a hold nobody has, for as long as its lease lives: a session's lease never
     * ends while its instance runs. A record only the joining side has comes back free, at its fence.
     */
    public static LockRecord mergeLocksKeepingQuorum(LockRecord merging, LockRecord existing) {
        if (merging == null) {
            return existing;
        }
        if (existing == null) {
            return merging.isHeld() || !merging.waiters().isEmpty() ? LockRecord.free(merging.fence()) : merging;
        }
        if (merging.equals(existing)) {
            return existing;
        }
        return kept(existing, merging);
    }

    /** The survivor, its fence raised above the other side's where the other side saw it or more. */
    private static LockRecord kept(LockRecord survivor, LockRecord other) {
        long top = Math.max(survivor.fence(), other.fence());
        if (!survivor.isHeld()) {
            return survivor.fence() == top ? survivor
                    : new LockRecord(top, 0, 0, 0, 0, 0, 0, survivor.waiters());
        }
        boolean sameHold = other.isHeld() && other.holderHold() == survivor.holderHold()
                && other.fence() == survivor.fence();
        if (survivor.fence() > other.fence() || sameHold) {
            return survivor;
        }
        return new LockRecord(Time.add(top, 1), survivor.holderLease(), survivor.holderHold(), survivor.holderTag(),
                survivor.holderTtl(), survivor.acquiredAt(), 0, survivor.waiters());
    }

    private static LockRecord survivor(LockRecord merging, LockRecord existing) {
        if (merging.isHeld() != existing.isHeld()) {
            return merging.isHeld() ? merging : existing;
        }
        if (merging.fence() != existing.fence()) {
            return merging.fence() > existing.fence() ? merging : existing;
        }
        if (!merging.isHeld()) {
            return existing;
        }
        if (merging.holderHold() != existing.holderHold()) {
            return merging.holderHold() > existing.holderHold() ? merging : existing;
        }
        return merging.holderLease() > existing.holderLease() ? merging : existing;
    }

    /** True when both records are held, by different holds: the heal takes the lock from one of them. */
    public static boolean twoHolders(LockRecord merging, LockRecord existing) {
        return merging != null && existing != null && merging.isHeld() && existing.isHeld()
                && merging.holderHold() != existing.holderHold();
    }

    /**
     * The lease record to keep: a lease survives only if it is still alive at {@code now} (member
     * time); a lease alive on both sides keeps the later deadline and the keys of both sides (so
     * revoking it frees every lock either side attached); one dead everywhere is dropped (null).
     */
    public static LeaseRecord mergeLeases(LeaseRecord merging, LeaseRecord existing, long now) {
        boolean mergingAlive = merging != null && !merging.isExpired(now);
        boolean existingAlive = existing != null && !existing.isExpired(now);
        if (!mergingAlive && !existingAlive) {
            return null;
        }
        if (mergingAlive != existingAlive) {
            return mergingAlive ? merging : existing;
        }
        if (merging.equals(existing)) {
            return existing;
        }
        LeaseRecord later = merging.deadline() > existing.deadline() ? merging : existing;
        LeaseRecord earlier = later == merging ? existing : merging;
        if (later.keys().containsAll(earlier.keys())) {
            return later;
        }
        Set<String> keys = new LinkedHashSet<>(later.keys());
        keys.addAll(earlier.keys());
        return new LeaseRecord(later.ttl(), later.deadline(), later.getOwnerTag(), keys);
    }

    /**
     * The hold record (semaphore or read-write lock) to keep: the side with the higher fence (the
     * existing one on a tie), whole, so never more permits out than its limit and never a writer
     * beside another hold; its fence raised to the higher of both sides', so the next grant continues
     * above everything issued on either side.
     */
    public static HoldRecord mergeHolds(HoldRecord merging, HoldRecord existing) {
        if (merging == null || existing == null) {
            return merging == null ? existing : merging;
        }
        if (merging.equals(existing)) {
            return existing;
        }
        HoldRecord survivor = merging.fence() > existing.fence() ? merging : existing;
        long top = Math.max(merging.fence(), existing.fence());
        return survivor.fence() == top ? survivor
                : survivor.with(survivor.limit(), top, survivor.holds(), survivor.waiters());
    }

    /**
     * The hold record (semaphore or read-write lock) to keep when the side that joins lost its quorum
     * (split-brain protection by a majority), as {@link #mergeLocksKeepingQuorum} for locks: the
     * existing side's record, whole, its fence raised to the higher of both sides'. Holds and waiters
     * only the joining side shows ended on the other side or were never confirmed to their callers; a
     * record only the joining side has comes back with none, at its fence and limit.
     */
    public static HoldRecord mergeHoldsKeepingQuorum(HoldRecord merging, HoldRecord existing) {
        if (merging == null) {
            return existing;
        }
        if (existing == null) {
            return merging.holds().isEmpty() && merging.waiters().isEmpty() ? merging
                    : merging.with(merging.limit(), merging.fence(), java.util.List.of(), java.util.List.of());
        }
        if (merging.equals(existing) || existing.fence() >= merging.fence()) {
            return existing;
        }
        return existing.with(existing.limit(), merging.fence(), existing.holds(), existing.waiters());
    }
}
