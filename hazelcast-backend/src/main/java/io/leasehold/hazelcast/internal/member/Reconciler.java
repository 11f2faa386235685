package io.leasehold.hazelcast.internal.member;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.LockDecisions;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.Maps;
import io.leasehold.hazelcast.internal.core.PermitHold;
import io.leasehold.hazelcast.internal.protocol.LeaseRead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Brings this member's books in line with the partitions it owns, after a migration, a promotion
 * or a merge, and once every reconcile interval: adopts every lease it owns that its expiry heap
 * lacks (a {@link LeaseRead} raises its deadline to at least now + grace and tracks it), indexes the
 * lock records of its partitions, queues their idle records, and counts held locks, semaphore
 * permits, read-write holds and their waiters.
 * Records that still name leases this member heard ended (a merge brought them back from the other
 * side, or the member that owned them died before freeing them) are freed at once through
 * {@link LeaseEnds#freeLater}, not left to the next acquirer's lazy path.
 * Runs on the member's background thread.
 */
final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final HazelcastInstance hz;
    private final ExpiryTracker expiry;
    private final LockIndex index;
    private final LockBook locks;
    private final HoldBook holds;
    private final MemberCounters counters;
    private final LeaseEnds ends;
    private final long graceMillis;

    Reconciler(HazelcastInstance hz, ExpiryTracker expiry, LockIndex index, LockBook locks, HoldBook holds,
               MemberCounters counters, LeaseEnds ends, long graceMillis) {
        this.ends = ends;
        this.holds = holds;
        this.hz = hz;
        this.expiry = expiry;
        this.index = index;
        this.locks = locks;
        this.counters = counters;
        this.graceMillis = graceMillis;
    }

    /** One pass; a failure is logged at the level it deserves and the next pass tries again. */
    void reconcileQuietly(boolean running) {
        try {
            reconcile();
        } catch (RuntimeException e) {
            if (!running || !hz.getLifecycleService().isRunning() || interrupted(e)) {
                LOG.debug("Leasehold member {} is stopping; reconciliation skipped", hz.getName());
            } else if (e instanceof SplitBrainProtectionException) {
                // The minority side of a split: nothing can be adopted until the members merge.
                LOG.debug("Leasehold reconciliation on {} waits for the cluster's majority: {}", hz.getName(),
                        e.getMessage());
            } else {
                LOG.warn("Leasehold reconciliation on {} failed ({}); next pass will try again", hz.getName(),
                        e.toString());
                LOG.debug("Leasehold reconciliation failure on {}", hz.getName(), e);
            }
        }
    }

    void reconcile() {
        IMap<Long, LeaseRecord> leases = hz.getMap(Maps.LEASES);
        Set<Long> missing = new HashSet<>();
        for (Long id : leases.localKeySet()) {
            if (!expiry.isTracked(id)) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            // LeaseRead adopts what it finds untracked: deadline raised to now + grace, then tracked.
            leases.executeOnKeys(missing, new LeaseRead(false));
            LOG.info("Leasehold member {} took over {} leases, each with {} ms of grace", hz.getName(),
                    missing.size(), graceMillis);
        }
        IMap<String, LockRecord> lockMap = hz.getMap(Maps.LOCKS);
        Set<String> localLocks = lockMap.localKeySet();
        int held = 0;
        int queued = 0;
        Set<Long> endedLeases = new HashSet<>();
        Set<String> endedLocks = new HashSet<>();
        if (!localLocks.isEmpty()) {
            for (Map.Entry<String, LockRecord> e : lockMap.getAll(localLocks).entrySet()) {
                held += e.getValue().isHeld() ? 1 : 0;
                queued += e.getValue().waiters().size();
                locks.indexed(e.getKey(), e.getValue());
                Set<Long> gone = LockDecisions.endedLeases(e.getValue(), ends::hasEnded);
                if (!gone.isEmpty()) {
                    endedLeases.addAll(gone);
                    endedLocks.add(e.getKey());
                }
            }
        }
        counters.lockCensus(held, queued);
        index.retain(this::owns);
        IMap<String, HoldRecord> holdMap = hz.getMap(Maps.HOLDS);
        Set<String> localHolds = holdMap.localKeySet();
        Set<String> endedHolds = new HashSet<>();
        HoldTally tally = new HoldTally();
        if (!localHolds.isEmpty()) {
            for (Map.Entry<String, HoldRecord> e : holdMap.getAll(localHolds).entrySet()) {
                holds.indexed(e.getKey(), e.getValue());
                tally.add(e.getKey(), e.getValue());
                for (Long lease : HoldRecord.leasesOf(e.getValue())) {
                    if (ends.hasEnded(lease)) {
                        endedLeases.add(lease);
                        endedHolds.add(e.getKey());
                    }
                }
            }
        }
        counters.holdCensus(tally.census());
        holds.retain(this::owns);
        if (!endedLocks.isEmpty() || !endedHolds.isEmpty()) {
            int names = endedLocks.size() + endedHolds.size();
            ends.freeLater(endedLeases, endedLocks, endedHolds, changed -> LOG.info(
                    "Leasehold member {} freed {} of {} records still naming {} ended leases", hz.getName(),
                    changed, names, endedLeases.size()));
        }
    }

    private boolean owns(String name) {
        Member owner = hz.getPartitionService().getPartition(name).getOwner();
        return owner != null && owner.localMember();
    }

    private static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    /** Sums the holds map's records of one pass into a {@link MemberCounters.HoldCensus}. */
    private static final class HoldTally {
        private long permits;
        private int semaphoreWaiters;
        private int shared;
        private int exclusive;
        private int readWriteWaiters;

        void add(String key, HoldRecord record) {
            if (key.startsWith(Maps.SEMAPHORE_PREFIX)) {
                permits += record.out();
                semaphoreWaiters += record.waiters().size();
                return;
            }
            for (PermitHold h : record.holds()) {
                if (h.exclusive()) {
                    exclusive++;
                } else {
                    shared++;
                }
            }
            readWriteWaiters += record.waiters().size();
        }

        MemberCounters.HoldCensus census() {
            return new MemberCounters.HoldCensus(permits, semaphoreWaiters, shared, exclusive, readWriteWaiters);
        }
    }
}
