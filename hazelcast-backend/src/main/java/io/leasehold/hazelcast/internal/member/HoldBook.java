package io.leasehold.hazelcast.internal.member;

import io.leasehold.hazelcast.internal.core.HoldDecisions;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.Maps;
import io.leasehold.hazelcast.internal.core.PermitHold;

import java.util.Set;
import java.util.function.Predicate;

/**
 * The semaphores and read-write locks of this member's partitions, as the member keeps them beside
 * the records: their own {@link LockIndex} by lease (so the end of a lease frees its permits and
 * holds without anyone knowing their names), and the handoff to each waiter a change granted,
 * through the locks' handoff path ({@link LockBook#tellHandoff}), and the count of grants and
 * handoffs by kind ({@link MemberCounters}).
 *
 * <p>{@link #holdsChanged} runs on partition threads and never blocks.
 */
final class HoldBook {

    private final LockIndex index;
    private final LockBook locks;
    private final MemberCounters counters;

    HoldBook(LockIndex index, LockBook locks, MemberCounters counters) {
        this.index = index;
        this.locks = locks;
        this.counters = counters;
    }

    void holdsChanged(String key, HoldRecord before, HoldRecord after, long callerHold) {
        index.update(key, HoldRecord.leasesOf(before), HoldRecord.leasesOf(after));
        boolean semaphore = key.startsWith(Maps.SEMAPHORE_PREFIX);
        for (PermitHold h : HoldDecisions.handedOver(before, after, callerHold)) {
            counters.holdGranted(semaphore, true);
            locks.tellHandoff(key, h.tag(), h.holdId(), h.fence());
        }
        if (callerHold != 0 && after != null && after.hold(callerHold) != null
                && (before == null || before.hold(callerHold) == null)) {
            counters.holdGranted(semaphore, false);
        }
    }

    /** Indexes a record found on taking a partition over (reconciliation); idempotent. */
    void indexed(String key, HoldRecord record) {
        index.update(key, Set.of(), HoldRecord.leasesOf(record));
    }

    /** Forgets keys this member no longer owns. */
    void retain(Predicate<String> owned) {
        index.retain(owned);
    }

    Set<String> keysOf(Set<Long> leaseIds) {
        return index.names(leaseIds);
    }
}
