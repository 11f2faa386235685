package io.leasehold.hazelcast.internal.member;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.hazelcast.internal.core.HandoffNotice;
import io.leasehold.hazelcast.internal.core.LockDecisions;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.Maps;
import io.leasehold.hazelcast.internal.protocol.LocalMember;
import io.leasehold.hazelcast.internal.protocol.RemoveIdle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The locks of this member's partitions, as the member keeps them beside the records: the
 * {@link LockIndex} by lease, the handoff to a waiter (told directly to an instance on this member,
 * or written to the waiting instance's own notice map under the lock's name: the entry is in this
 * member's partition, so its event is the one network hop to the waiter), and the idle records
 * waiting for the sweep.
 *
 * <p>{@link #lockChanged} runs on partition threads and never blocks. The notice is sent from the
 * thread that made the handoff, without waiting for it: on a partition thread its write is queued on
 * that same partition (the notice's key is the lock's name), so it runs right after the operation
 * that made the handoff, on the same thread, with no thread woken in between. {@link #sweep} runs on
 * the member's background thread.
 */
final class LockBook {

    private static final Logger LOG = LoggerFactory.getLogger(LockBook.class);
    /** Idle records go once their fence is below what a member this far behind would start from. */
    static final long CLOCK_SKEW_MILLIS = 2_000;
    private static final int SWEEP_BATCH = 1_000;

    private final HazelcastInstance hz;
    private final LocalEntryCalls entryCalls;
    private final LockIndex index;
    private final MemberCounters counters;
    private final LongSupplier clock;
    /** Idle record name -> member time from which it may be removed. */
    private final Map<String, Long> idle = new ConcurrentHashMap<>();
    private final Map<Long, LocalMember.Waker> localInstances = new ConcurrentHashMap<>();

    LockBook(HazelcastInstance hz, LocalEntryCalls entryCalls, LockIndex index, MemberCounters counters,
             LongSupplier clock) {
        this.hz = hz;
        this.entryCalls = entryCalls;
        this.index = index;
        this.counters = counters;
        this.clock = clock;
    }

    void registerLocal(long tag, LocalMember.Waker waker) {
        localInstances.put(tag, waker);
    }

    void unregisterLocal(long tag) {
        localInstances.remove(tag);
    }

    /** A lock processor on the primary changed a record: index it, tell a waiter it was handed the lock, queue an idle record. */
    void lockChanged(String name, LockRecord before, LockRecord after, long callerHold) {
        index.update(name, before, after);
        if (LockDecisions.handedOver(before, after, callerHold)) {
            tellHandoff(name, after.holderTag(), after.holderHold(), after.fence());
        }
        if (LockDecisions.idle(after)) {
            idleLater(name, after.fence());
        }
    }

    /**
     * Tells the instance {@code tag} that its waiter {@code holdId} was handed {@code name} with this
     * fence: directly when it runs on this member, else through the notice map. (Semaphores and
     * read-write locks hand over through here too.)
     */
    void tellHandoff(String name, long tag, long holdId, long fence) {
        counters.handoff();
        int code = HandoffNotice.wakeCode(holdId);
        LocalMember.Waker local = localInstances.get(tag);
        if (local != null) {
            local.wake(name, code, fence); // a waiter on this member: no notice needed
        } else {
            send(tag, new HandoffNotice(name, code, fence));
        }
    }

    /** Indexes a record found on taking a partition over (reconciliation). */
    void indexed(String name, LockRecord record) {
        index.add(name, record);
        if (LockDecisions.idle(record)) {
            idle.putIfAbsent(name, LockDecisions.removableAt(record.fence(), CLOCK_SKEW_MILLIS));
        }
    }

    /** Queues an idle record for removal once its fence is old enough. */
    void idleLater(String name, long fence) {
        idle.put(name, LockDecisions.removableAt(fence, CLOCK_SKEW_MILLIS));
    }

    /** Lock records waiting for the idle sweep. */
    int idlePending() {
        return idle.size();
    }

    Set<String> lockNamesOf(long leaseId) {
        return index.names(Set.of(leaseId));
    }

    /** An operator force-released {@code before}'s hold; tell its instance the hold is lost. */
    void tellHolderLost(String name, LockRecord before) {
        HandoffNotice notice = HandoffNotice.lost(name, HandoffNotice.wakeCode(before.holderHold()), before.fence());
        send(before.holderTag(), notice);
    }

    /** Removes idle lock records whose fence is old enough (re-checked on the owner). */
    void sweep() {
        long now = clock.getAsLong();
        Set<String> due = new HashSet<>();
        for (Map.Entry<String, Long> e : idle.entrySet()) {
            if (e.getValue() <= now && idle.remove(e.getKey(), e.getValue())) {
                due.add(e.getKey());
                if (due.size() >= SWEEP_BATCH) {
                    removeIdle(due);
                    due = new HashSet<>();
                }
            }
        }
        if (!due.isEmpty()) {
            removeIdle(due);
        }
    }

    private void removeIdle(Set<String> names) {
        hz.<String, LockRecord>getMap(Maps.LOCKS).executeOnKeys(names, new RemoveIdle(CLOCK_SKEW_MILLIS));
    }

    /**
     * Writes the notice without waiting for it and with nothing chained on its answer
     * ({@link LocalEntryCalls#setAndForget}). A notice that cannot be sent (the member is stopping) is
     * made up for by the waiter's own check.
     */
    private void send(long tag, HandoffNotice notice) {
        try {
            entryCalls.setAndForget(Maps.handoffsOf(tag), notice.lockName(), notice);
            counters.noticeSent();
        } catch (RuntimeException e) {
            LOG.debug("Leasehold member {} did not send a notice for {}", hz.getName(), notice.lockName(), e);
        }
    }
}
