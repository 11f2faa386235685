package io.leasehold.hazelcast.internal.member;

import io.leasehold.hazelcast.internal.core.HandoffNotice;
import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import io.leasehold.hazelcast.internal.core.LockDecisions;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.Maps;
import io.leasehold.hazelcast.internal.core.Time;
import io.leasehold.hazelcast.internal.protocol.LeaseRead;
import io.leasehold.hazelcast.internal.protocol.LeasesEndedOperation;
import io.leasehold.hazelcast.internal.protocol.ReleaseLeases;
import io.leasehold.hazelcast.internal.protocol.RemoveIdle;
import io.leasehold.hazelcast.internal.protocol.RevokeExpired;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.Partition;
import com.hazelcast.spi.impl.operationservice.OperationService;
import com.hazelcast.spi.impl.operationservice.impl.InvocationFuture;
import io.leasehold.hazelcast.MemberSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * Leasehold's per-member state and threads.
 *
 * <ul>
 *   <li>The decision clock ({@link MemberClock}: monotonic, anchored to cluster time, slewed).</li>
 *   <li>The expiry heap of the leases this member owns, and the <b>revoker thread</b>
 *       ({@code leasehold-revoker-*}) that drains it: it pops due leases in batches (at most the
 *       configured rate) and revokes them with one {@link RevokeExpired} request, which
 *       re-checks every deadline on the owner.</li>
 *   <li>The {@link LockIndex} of this member's locks by lease. When a lease ends (revoke or expiry)
 *       its owner tells every member once, batched ({@link LeasesEndedOperation}); each releases, in its own
 *       partitions, the locks those leases hold, drops their waiters and hands each lock to its next
 *       waiter. A member also remembers recently ended leases, so an acquire that arrives after the
 *       news is refused rather than left to the lazy path.</li>
 *   <li>The <b>dispatch thread</b> ({@code leasehold-dispatch-*}): sends handoff notices and the
 *       end-of-lease broadcast, never blocking a partition thread.</li>
 *   <li>The <b>background thread</b> ({@code leasehold-background-*}): reconciliation (adopt leases
 *       and index locks of partitions taken over), the idle-record sweep, clock slewing, and pruning.</li>
 * </ul>
 */
public final class MemberService {

    static final String CONTEXT_KEY = "io.leasehold.member-service";
    public static final String ENDED_EXECUTOR = "leasehold.ended";
    private static final Logger LOG = LoggerFactory.getLogger(MemberService.class);
    private static final long RETRY_DELAY_MILLIS = 100;
    /** Idle records go once their fence is below what a member this far behind would start from. */
    static final long CLOCK_SKEW_MILLIS = 2_000;
    private static final long SWEEP_EVERY_MILLIS = 500;
    private static final int SWEEP_BATCH = 1_000;
    private static final long ENDED_MEMORY_MILLIS = 120_000;

    private final MemberSettings settings;
    private final HazelcastInstance hz;
    private final MemberClock clock;
    private final LongSupplier fixedClock;
    private final LeaseDecisions.TtlPolicy ttlPolicy;
    private final ExpiryTracker expiry = new ExpiryTracker();
    private final LockIndex index = new LockIndex();
    private final Map<Long, Long> ended = new ConcurrentHashMap<>();
    private final Set<Long> endedToSend = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean endedFlushScheduled = new AtomicBoolean();
    private final Map<String, Long> idle = new ConcurrentHashMap<>();
    private final Map<Long, Waker> localInstances = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong renewRequests = new AtomicLong();
    private final AtomicLong revokedLeases = new AtomicLong();
    private final AtomicLong grants = new AtomicLong();
    private final AtomicLong acquired = new AtomicLong();
    private final AtomicLong handoffs = new AtomicLong();
    private final AtomicLong removedRecords = new AtomicLong();
    private final AtomicLong locksFreedByEnd = new AtomicLong();
    // Admin and metrics (issue 14).
    private final AtomicLong revokeLagMillis = new AtomicLong();
    private final AtomicLong maxRevokeLagMillis = new AtomicLong();
    private volatile int heldLocks;
    private volatile int queuedWaiters;
    private final ScheduledExecutorService background;
    private final ScheduledExecutorService dispatch;
    /** Frees the locks of ended leases (waits on partition operations), off Hazelcast's threads. */
    private final ExecutorService endsWorker;
    private Thread revoker;

    MemberService(MemberSettings settings, HazelcastInstance hz) {
        this.settings = settings;
        this.hz = hz;
        LongSupplier wall = settings.wallClock() != null ? settings.wallClock() : () -> hz.getCluster().getClusterTime();
        this.fixedClock = settings.clock();
        this.clock = new MemberClock(wall, System::nanoTime);
        this.ttlPolicy = new LeaseDecisions.TtlPolicy(settings.minTtl().toMillis(), settings.maxTtl().toMillis());
        this.background = Executors.newSingleThreadScheduledExecutor(daemon("leasehold-background-" + hz.getName()));
        this.dispatch = Executors.newSingleThreadScheduledExecutor(daemon("leasehold-dispatch-" + hz.getName()));
        this.endsWorker = Executors.newFixedThreadPool(2, daemon("leasehold-ends-" + hz.getName()));
    }

    /** How a Leasehold instance on this member is told of a handoff directly, without a map event. */
    @FunctionalInterface
    public interface Waker {
        /** Completes the waiter with this wake code on that lock; never blocks. */
        void wake(String lockName, int wakeCode, long fence);
    }

    /** The service of a member, or null when the instance is a client or runs without Leasehold. */
    public static MemberService find(HazelcastInstance hz) {
        try {
            Object service = hz.getUserContext().get(CONTEXT_KEY);
            return service instanceof MemberService m ? m : null;
        } catch (UnsupportedOperationException e) {
            return null; // a client has no user context of a member
        }
    }

    /** A Leasehold instance on this member: handoffs to its waiters skip the notice map. */
    public void registerLocal(long tag, Waker waker) {
        localInstances.put(tag, waker);
    }

    public void unregisterLocal(long tag) {
        localInstances.remove(tag);
    }

    /** The service of the member running an entry processor. */
    public static MemberService of(HazelcastInstance hz) {
        Object service = hz.getUserContext().get(CONTEXT_KEY);
        if (!(service instanceof MemberService)) {
            throw new IllegalStateException("Leasehold is not configured on member " + hz.getName()
                    + ": start it with LeaseholdConfig.apply(config)");
        }
        return (MemberService) service;
    }

    public long now() {
        return fixedClock != null ? fixedClock.getAsLong() : clock.now();
    }

    public LeaseDecisions.TtlPolicy ttlPolicy() {
        return ttlPolicy;
    }

    public ExpiryTracker expiry() {
        return expiry;
    }

    public long graceMillis() {
        return settings.promotionGrace().toMillis();
    }

    // ------------------------------------------------------------------ figures

    /** How many leases this member's heap tracks. */
    public int trackedLeases() {
        return expiry.trackedCount();
    }

    /** Renew requests this member has served (a batch counts once, however many leases it renews). */
    public long renewRequests() {
        return renewRequests.get();
    }

    /** Leases this member's revoker has revoked after their deadline. */
    public long revokedLeases() {
        return revokedLeases.get();
    }

    /** Leases granted on this member. */
    public long grants() {
        return grants.get();
    }

    /** Locks granted on this member (directly, not by handoff). */
    public long acquired() {
        return acquired.get();
    }

    /** Locks handed to a queued waiter on this member. */
    public long handoffs() {
        return handoffs.get();
    }

    /** Idle lock records this member removed. */
    public long removedRecords() {
        return removedRecords.get();
    }

    /** Locks (held or waited on) freed on this member because their lease ended. */
    public long locksFreedByEnd() {
        return locksFreedByEnd.get();
    }

    /** Lock records waiting for the idle sweep. */
    public int idleRecordsPending() {
        return idle.size();
    }

    /** Sum over the leases this member's revoker revoked of how long after its deadline it went (ms). */
    public long revokeLagMillisTotal() {
        return revokeLagMillis.get();
    }

    /** The longest revoke lag seen on this member (ms). */
    public long maxRevokeLagMillis() {
        return maxRevokeLagMillis.get();
    }

    /** Held locks in this member's partitions, as of the last reconciliation pass. */
    public int heldLocks() {
        return heldLocks;
    }

    /** Queued waiters in this member's partitions, as of the last reconciliation pass. */
    public int queuedWaiters() {
        return queuedWaiters;
    }

    /** Admin: the lock names of this member's partitions the lease holds or waits on (its lock index). */
    public Set<String> lockNamesOf(long leaseId) {
        return index.names(Set.of(leaseId));
    }

    /** Admin: an operator force-released {@code before}'s hold; tell its instance the hold is lost. */
    public void tellHolderLost(String name, LockRecord before) {
        HandoffNotice notice = HandoffNotice.lost(name, HandoffNotice.wakeCode(before.holderHold()), before.fence());
        long tag = before.holderTag();
        runOnDispatch(() -> hz.getMap(Maps.HANDOFFS).setAsync(tag, notice));
    }

    public void countRenewRequest() {
        renewRequests.incrementAndGet();
    }

    public void countGrant() {
        grants.incrementAndGet();
    }

    public void countRemoved() {
        removedRecords.incrementAndGet();
    }

    public void countAcquired() {
        acquired.incrementAndGet();
    }

    // ------------------------------------------------------------------ lifecycle

    void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        clock.reset();
        revoker = daemon("leasehold-revoker-" + hz.getName()).newThread(this::revokeLoop);
        revoker.start();
        long every = settings.reconcileInterval().toMillis();
        background.scheduleWithFixedDelay(this::reconcileQuietly, every, every, TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(this::sweepQuietly, SWEEP_EVERY_MILLIS, SWEEP_EVERY_MILLIS,
                TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(clock::resync, 100, 100, TimeUnit.MILLISECONDS);
    }

    void shutdown() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        background.shutdownNow();
        dispatch.shutdownNow();
        for (Runnable dropped : endsWorker.shutdownNow()) {
            if (dropped instanceof FreeTask task) {
                task.dropped(); // its caller is answered: it does not wait for a member that stopped
            }
        }
        if (revoker != null) {
            revoker.interrupt();
        }
    }

    /** Asks for a reconciliation pass soon (after a migration). */
    void requestReconcile() {
        if (running.get()) {
            try {
                background.schedule(this::reconcileQuietly, 200, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("Leasehold member {} is stopping; no reconciliation", hz.getName());
            }
        }
    }

    // ------------------------------------------------------------------ lock bookkeeping (partition threads)

    /**
     * A lock processor on the primary changed a record: index it, tell a waiter it was handed the
     * lock, and queue an idle record for the sweep.
     */
    public void lockChanged(String name, LockRecord before, LockRecord after, long callerHold) {
        index.update(name, before, after);
        if (after != null && after.isHeld() && after.holderHold() != callerHold
                && (before == null || before.holderHold() != after.holderHold())) {
            handoffs.incrementAndGet();
            int code = HandoffNotice.wakeCode(after.holderHold());
            long tag = after.holderTag();
            Waker local = localInstances.get(tag);
            if (local != null) {
                local.wake(name, code, after.fence()); // a waiter on this member: no notice needed
            } else {
                HandoffNotice notice = new HandoffNotice(name, code, after.fence());
                runOnDispatch(() -> hz.getMap(Maps.HANDOFFS).setAsync(tag, notice));
            }
        }
        if (LockDecisions.idle(after)) {
            idleLater(name, after.fence());
        }
    }

    /** Queues an idle record for removal once its fence is old enough. */
    public void idleLater(String name, long fence) {
        long removableAt = Time.add(fence >> LockDecisions.FENCE_SHIFT, CLOCK_SKEW_MILLIS + 1);
        idle.put(name, removableAt);
    }

    /** True if this member has heard that the lease ended (recently). */
    public boolean hasEnded(long leaseId) {
        return ended.containsKey(leaseId);
    }

    /** A lease processor on the primary removed a lease: every member will hear it, batched. */
    public void leaseEnded(long leaseId) {
        endedToSend.add(leaseId);
        if (endedFlushScheduled.compareAndSet(false, true)) {
            try {
                dispatch.schedule(this::flushEnded, 2, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                endedFlushScheduled.set(false);
            }
        }
    }

    private void flushEnded() {
        endedFlushScheduled.set(false);
        Set<Long> batch = new HashSet<>();
        for (Long id : endedToSend) {
            if (endedToSend.remove(id)) {
                batch.add(id);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            for (InvocationFuture<Integer> sent : tellAll(batch)) {
                sent.whenCompleteAsync((count, error) -> {
                    if (error != null) {
                        // The lazy path frees those locks within one TTL.
                        LOG.debug("Leasehold member {}: a member did not take {} lease ends", hz.getName(), batch.size(),
                                error);
                    }
                }, dispatch);
            }
        } catch (HazelcastInstanceNotActiveException e) {
            LOG.debug("Leasehold member {} stopped before telling {} lease ends", hz.getName(), batch.size());
        } catch (RuntimeException e) {
            // The lazy path frees those locks within one TTL; keep the news for the next flush.
            LOG.debug("Leasehold member {} could not broadcast {} lease ends; retrying", hz.getName(), batch.size(), e);
            if (running.get()) {
                endedToSend.addAll(batch);
                dispatch.schedule(this::flushEnded, RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Remembers that these leases ended; the names of this member's locks they hold or wait on. */
    public Set<String> endedHere(Set<Long> leaseIds) {
        long now = now();
        for (Long id : leaseIds) {
            ended.put(id, now);
        }
        return index.names(leaseIds);
    }

    /**
     * Frees those locks on a lease-end thread, then passes on how many records changed: exactly once,
     * 0 if it failed or the member stopped first (the lazy path frees them then).
     */
    public void freeLater(Set<Long> leaseIds, Set<String> names, IntConsumer done) {
        try {
            endsWorker.execute(new FreeTask(leaseIds, names, done));
        } catch (RejectedExecutionException e) {
            done.accept(0);
        }
    }

    /** One batch of ended leases to free on a lease-end thread; answers once, even when dropped at shutdown. */
    private final class FreeTask implements Runnable {
        private final Set<Long> leaseIds;
        private final Set<String> names;
        private final IntConsumer done;

        FreeTask(Set<Long> leaseIds, Set<String> names, IntConsumer done) {
            this.leaseIds = leaseIds;
            this.names = names;
            this.done = done;
        }

        @Override
        public void run() {
            int changed = 0;
            try {
                changed = free(leaseIds, names);
            } catch (RuntimeException e) {
                LOG.debug("Leasehold member {} could not free the locks of {} ended leases; the lazy path will",
                        hz.getName(), leaseIds.size(), e);
            } finally {
                done.accept(changed);
            }
        }

        void dropped() {
            done.accept(0);
        }
    }

    /**
     * Tells every member, this one included, that these leases ended: one {@link LeasesEndedOperation}
     * each, on Hazelcast's generic operation threads. The futures answer how many records each changed.
     */
    public List<InvocationFuture<Integer>> tellAll(Set<Long> leaseIds) {
        OperationService operations = operations();
        List<InvocationFuture<Integer>> sent = new ArrayList<>();
        for (Member member : hz.getCluster().getMembers()) {
            sent.add(operations.invokeOnTarget(LeasesEndedOperation.SERVICE_NAME,
                    new LeasesEndedOperation(new HashSet<>(leaseIds)), member.getAddress()));
        }
        return sent;
    }

    /**
     * {@link #tellAll} and waits, at most {@code timeoutMillis} in all, for every member's answer:
     * the locks those leases held are free when it returns. Answers how many records changed; a
     * member that does not answer in time frees them anyway, or the lazy path does within one TTL.
     */
    public int tellAllAndWait(Set<Long> leaseIds, long timeoutMillis) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        int changed = 0;
        for (InvocationFuture<Integer> f : tellAll(leaseIds)) {
            try {
                Integer n = f.get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                changed += n == null ? 0 : n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("Leasehold member {}: a member did not confirm freeing the locks of {} ended leases",
                        hz.getName(), leaseIds.size(), e);
            }
        }
        return changed;
    }

    private OperationService operations() {
        HazelcastInstanceImpl instance = hz instanceof HazelcastInstanceProxy proxy ? proxy.getOriginal()
                : (HazelcastInstanceImpl) hz;
        return instance.node.getNodeEngine().getOperationService();
    }

    private int free(Set<Long> leaseIds, Set<String> names) {
        if (names.isEmpty()) {
            return 0;
        }
        IMap<String, LockRecord> locks = hz.getMap(Maps.LOCKS);
        int changed = 0;
        List<String> all = new ArrayList<>(names);
        for (int from = 0; from < all.size(); from += SWEEP_BATCH) {
            Set<String> slice = new HashSet<>(all.subList(from, Math.min(all.size(), from + SWEEP_BATCH)));
            changed += locks.executeOnKeys(slice, new ReleaseLeases(leaseIds)).size();
        }
        locksFreedByEnd.addAndGet(changed);
        return changed;
    }

    private void runOnDispatch(Runnable task) {
        try {
            dispatch.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.debug("Leasehold dispatch on {} failed", hz.getName(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Leasehold member {} is stopping; a notice was not sent", hz.getName());
        }
    }

    // ------------------------------------------------------------------ revoker

    private void revokeLoop() {
        // A token bucket on the member's clock: at most revokeRatePerSecond, in batches.
        double permits = settings.revokeBatchSize();
        long lastRefill = now();
        while (running.get()) {
            try {
                long now = now();
                permits = Math.min(settings.revokeRatePerSecond(),
                        permits + Math.max(0, Time.subtract(now, lastRefill)) / 1e3 * settings.revokeRatePerSecond());
                lastRefill = now;
                int budget = (int) Math.min(settings.revokeBatchSize(), permits);
                Map<Long, Long> due = budget > 0 ? expiry.pollDue(now, budget, this::ownsLease) : Map.of();
                if (due.isEmpty()) {
                    expiry.awaitWork(now, budget > 0 ? settings.revokerTick().toMillis() : 1);
                    continue;
                }
                permits -= due.size();
                revokeBatch(due);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (HazelcastInstanceNotActiveException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Leasehold revoker on {} hit an error; carrying on", hz.getName(), e);
            }
        }
    }

    private void revokeBatch(Map<Long, Long> due) {
        IMap<Long, LeaseRecord> leases = hz.getMap(Maps.LEASES);
        Map<Long, LeaseReply> replies;
        try {
            replies = leases.executeOnKeys(due.keySet(), new RevokeExpired(due));
        } catch (RuntimeException e) {
            long retryAt = Time.add(now(), RETRY_DELAY_MILLIS);
            due.keySet().forEach(id -> expiry.retry(id, retryAt));
            if (running.get()) {
                LOG.debug("Leasehold revoke of {} leases failed; retrying", due.size(), e);
            }
            return;
        }
        int revoked = 0;
        long now = now();
        for (Long id : due.keySet()) {
            LeaseReply reply = replies.get(id);
            if (reply == null || reply.failure() == LeaseDecisions.Failure.NOT_FOUND) {
                expiry.untrack(id);
            } else if (reply.isOk()) {
                expiry.untrack(id);
                revoked++;
                long lag = Math.max(0, Time.subtract(now, due.get(id)));
                revokeLagMillis.addAndGet(lag);
                maxRevokeLagMillis.accumulateAndGet(lag, Math::max);
            } else {
                expiry.retry(id, Math.max(reply.deadline(), due.get(id)));
            }
        }
        revokedLeases.addAndGet(revoked);
        if (revoked > 0) {
            LOG.debug("Leasehold revoked {} expired leases on {}", revoked, hz.getName());
        }
    }

    private boolean ownsLease(long leaseId) {
        return owns(leaseId);
    }

    private boolean owns(Object key) {
        Partition partition = hz.getPartitionService().getPartition(key);
        Member owner = partition.getOwner();
        return owner != null && owner.localMember();
    }

    // ------------------------------------------------------------------ background

    private void reconcileQuietly() {
        try {
            reconcile();
            pruneEnded();
        } catch (HazelcastInstanceNotActiveException e) {
            shutdown();
        } catch (RuntimeException e) {
            LOG.warn("Leasehold reconciliation on {} failed; next pass will try again", hz.getName(), e);
        }
    }

    /**
     * Adopts every lease this member owns that its heap lacks (raising its deadline to at least now +
     * grace), and indexes the locks of the partitions it owns.
     */
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
                    missing.size(), graceMillis());
        }
        IMap<String, LockRecord> locks = hz.getMap(Maps.LOCKS);
        Set<String> localLocks = locks.localKeySet();
        int held = 0;
        int queued = 0;
        if (!localLocks.isEmpty()) {
            for (Map.Entry<String, LockRecord> e : locks.getAll(localLocks).entrySet()) {
                held += e.getValue().isHeld() ? 1 : 0;
                queued += e.getValue().waiters().size();
                index.add(e.getKey(), e.getValue());
                if (LockDecisions.idle(e.getValue())) {
                    idle.putIfAbsent(e.getKey(), Time.add(e.getValue().fence() >> LockDecisions.FENCE_SHIFT,
                            CLOCK_SKEW_MILLIS + 1));
                }
            }
        }
        heldLocks = held;
        queuedWaiters = queued;
        index.retain(this::owns);
    }

    private void pruneEnded() {
        long forgetBefore = Time.subtract(now(), ENDED_MEMORY_MILLIS);
        ended.values().removeIf(at -> at < forgetBefore);
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (HazelcastInstanceNotActiveException e) {
            shutdown();
        } catch (RuntimeException e) {
            LOG.debug("Leasehold idle sweep on {} failed; next pass will try again", hz.getName(), e);
        }
    }

    /** Removes idle lock records whose fence is old enough (re-checked on the owner). */
    void sweep() {
        long now = now();
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

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
