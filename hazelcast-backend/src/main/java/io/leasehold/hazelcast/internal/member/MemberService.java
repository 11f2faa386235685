package io.leasehold.hazelcast.internal.member;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.EndpointQualifier;
import com.hazelcast.internal.server.ServerConnection;
import com.hazelcast.internal.server.ServerConnectionManager;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.spi.impl.NodeEngine;
import com.hazelcast.spi.impl.operationservice.OperationService;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.hazelcast.MemberTime;
import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.protocol.LocalMember;
import io.leasehold.hazelcast.internal.protocol.MemberPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * Leasehold on one member: the composition root of the member's parts and their threads, and the
 * {@link MemberPort} through which the processors reach them.
 *
 * <ul>
 *   <li>{@link MemberClock}: the decision clock (monotonic, anchored to cluster time, slewed).</li>
 *   <li>{@link ExpiryTracker} and the {@link Revoker} thread ({@code leasehold-revoker-*}) that drains it.</li>
 *   <li>{@link LockBook}: the locks of this member's partitions ({@link LockIndex}, handoffs, idle records).</li>
 *   <li>{@link HoldBook}: the semaphores and read-write locks of this member's partitions.</li>
 *   <li>{@link LeaseEnds}: the end of a lease, told to every member and heard here.</li>
 *   <li>{@link Reconciler}: the books brought in line after a migration, a promotion or a merge.</li>
 *   <li>{@link MemberCounters}: the figures.</li>
 * </ul>
 * Threads: handoff notices are sent, without waiting, from the thread that made the handoff (see
 * {@link LockBook}); the <b>dispatch thread</b> ({@code leasehold-dispatch-*}) sends the lease-end
 * broadcast, never blocking a partition thread; the <b>background thread</b>
 * ({@code leasehold-background-*}) runs reconciliation, the idle sweep and the clock's slewing; the
 * <b>lease-end threads</b> ({@code leasehold-ends-*}) free the locks of ended leases.
 */
public final class MemberService implements MemberPort, LocalMember {

    private static final Logger LOG = LoggerFactory.getLogger(MemberService.class);
    private static final long SWEEP_EVERY_MILLIS = 500;
    private static final long RESYNC_EVERY_MILLIS = 100;
    private static final long RECONCILE_SOON_MILLIS = 200;

    private final MemberSettings settings;
    private final HazelcastInstance hz;
    private final MemberClock clock;
    private final LongSupplier decisionClock;
    private final LeaseDecisions.TtlPolicy ttlPolicy;
    private final ExpiryTracker expiry = new ExpiryTracker();
    private final MemberCounters counters = new MemberCounters();
    private final ScheduledExecutorService background;
    private final ScheduledExecutorService dispatch;
    private final LockBook locks;
    private final HoldBook holds;
    private final LeaseEnds ends;
    private final Reconciler reconciler;
    private final Revoker revoker;
    private final LocalEntryCalls entryCalls;
    private final AtomicBoolean running = new AtomicBoolean();

    MemberService(MemberSettings settings, HazelcastInstance hz) {
        this.settings = settings;
        this.hz = hz;
        MemberTime time = settings.time();
        this.clock = new MemberClock(() -> time.wallMillis(hz), time::nanos);
        this.decisionClock = clock::now;
        this.ttlPolicy = new LeaseDecisions.TtlPolicy(settings.minTtl().toMillis(), settings.maxTtl().toMillis());
        this.background = Executors.newSingleThreadScheduledExecutor(daemon("leasehold-background-" + hz.getName()));
        this.dispatch = Executors.newSingleThreadScheduledExecutor(daemon("leasehold-dispatch-" + hz.getName()));
        ExecutorService endsWorker = Executors.newFixedThreadPool(2, daemon("leasehold-ends-" + hz.getName()));
        LockIndex index = new LockIndex();
        this.entryCalls = new LocalEntryCalls(nodeEngine(hz));
        this.locks = new LockBook(hz, entryCalls, index, counters, decisionClock);
        this.holds = new HoldBook(new LockIndex(), locks, counters);
        this.ends = new LeaseEnds(hz, operations(hz), index, counters, dispatch, endsWorker, background,
                decisionClock, time::nanos, reachable(hz));
        this.reconciler = new Reconciler(hz, expiry, index, locks, holds, counters, ends,
                settings.promotionGrace().toMillis());
        this.revoker = new Revoker(hz, entryCalls, expiry, counters, decisionClock, settings);
    }

    /** The service of a member, or null when the instance is a client or runs without Leasehold. */
    public static MemberService find(HazelcastInstance hz) {
        return MemberPort.find(hz) instanceof MemberService s ? s : null;
    }

    // ------------------------------------------------------------------ lifecycle

    void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        clock.reset();
        revoker.start();
        long every = settings.reconcileInterval().toMillis();
        background.scheduleWithFixedDelay(this::reconcile, every, every, TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(this::sweep, SWEEP_EVERY_MILLIS, SWEEP_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(clock::resync, RESYNC_EVERY_MILLIS, RESYNC_EVERY_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    void shutdown() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        background.shutdownNow();
        dispatch.shutdownNow();
        ends.shutdown();
        revoker.shutdown();
    }

    /** Asks for a reconciliation pass soon (after a migration). */
    void requestReconcile() {
        if (running.get()) {
            try {
                background.schedule(this::reconcile, RECONCILE_SOON_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("Leasehold member {} is stopping; no reconciliation", hz.getName());
            }
        }
    }

    private void reconcile() {
        reconciler.reconcileQuietly(running.get());
    }

    private void sweep() {
        try {
            locks.sweep();
        } catch (HazelcastInstanceNotActiveException e) {
            shutdown();
        } catch (RuntimeException e) {
            LOG.debug("Leasehold idle sweep on {} failed; next pass will try again", hz.getName(), e);
        }
    }

    // ------------------------------------------------------------------ figures

    public MemberCounters counters() {
        return counters;
    }

    /** How many leases this member's heap tracks. */
    public int trackedLeases() {
        return expiry.trackedCount();
    }

    /** Lock records waiting for the idle sweep. */
    public int idleRecordsPending() {
        return locks.idlePending();
    }

    // ------------------------------------------------------------------ MemberPort

    @Override
    public long now() {
        return decisionClock.getAsLong();
    }

    @Override
    public LeaseDecisions.TtlPolicy ttlPolicy() {
        return ttlPolicy;
    }

    @Override
    public long graceMillis() {
        return settings.promotionGrace().toMillis();
    }

    @Override
    public boolean isTracked(long leaseId) {
        return expiry.isTracked(leaseId);
    }

    @Override
    public void track(long leaseId, long deadline) {
        expiry.track(leaseId, deadline);
    }

    @Override
    public void trackIfAbsent(long leaseId, long deadline) {
        expiry.trackIfAbsent(leaseId, deadline);
    }

    @Override
    public void leaseEnded(long leaseId) {
        expiry.untrack(leaseId);
        ends.leaseEnded(leaseId);
    }

    @Override
    public boolean hasEnded(long leaseId) {
        return ends.hasEnded(leaseId);
    }

    @Override
    public void lockChanged(String name, LockRecord before, LockRecord after, long callerHold) {
        locks.lockChanged(name, before, after, callerHold);
    }

    @Override
    public void idleLater(String name, long fence) {
        locks.idleLater(name, fence);
    }

    @Override
    public Set<String> lockNamesOf(long leaseId) {
        return locks.lockNamesOf(leaseId);
    }

    @Override
    public void tellHolderLost(String name, LockRecord before) {
        locks.tellHolderLost(name, before);
    }

    @Override
    public void holdsChanged(String key, HoldRecord before, HoldRecord after, long callerHold) {
        holds.holdsChanged(key, before, after, callerHold);
    }

    @Override
    public Set<String> holdKeysOf(Set<Long> leaseIds) {
        return holds.keysOf(leaseIds);
    }

    @Override
    public void freeLater(Set<Long> leaseIds, Set<String> lockNames, Set<String> holdKeys, IntConsumer done) {
        ends.freeLater(leaseIds, lockNames, holdKeys, done);
    }

    @Override
    public Set<String> endedHere(Set<Long> leaseIds) {
        return ends.endedHere(leaseIds);
    }

    @Override
    public void freeLater(Set<Long> leaseIds, Set<String> names, IntConsumer done) {
        ends.freeLater(leaseIds, names, done);
    }

    @Override
    public int tellAllAndWait(Set<Long> leaseIds, long timeoutMillis) {
        return ends.tellAllAndWait(leaseIds, timeoutMillis);
    }

    @Override
    public void countGrant() {
        counters.grant();
    }

    @Override
    public void countRenewRequest() {
        counters.renewRequest();
    }

    @Override
    public void countAcquired() {
        counters.acquire();
    }

    @Override
    public void countRemoved() {
        counters.removed();
    }

    // ------------------------------------------------------------------ LocalMember

    @Override
    public void registerLocal(long tag, Waker waker) {
        locks.registerLocal(tag, waker);
    }

    @Override
    public void unregisterLocal(long tag) {
        locks.unregisterLocal(tag);
    }

    @Override
    public void executeOnKey(String mapName, Object key, EntryProcessor<?, ?, ?> processor,
                             BiConsumer<Object, Throwable> onAnswer) {
        entryCalls.executeOnKey(mapName, key, processor, onAnswer);
    }

    private static OperationService operations(HazelcastInstance hz) {
        return nodeEngine(hz).getOperationService();
    }

    private static NodeEngine nodeEngine(HazelcastInstance hz) {
        HazelcastInstanceImpl instance = hz instanceof HazelcastInstanceProxy proxy ? proxy.getOriginal()
                : (HazelcastInstanceImpl) hz;
        return instance.node.getNodeEngine();
    }

    /**
     * Whether this member has a live connection to another (itself always): a member it cannot reach is
     * not waited for. A member that died or was cut off keeps its place in the member list until
     * failure detection removes it, but its connection is gone at once.
     */
    private static Predicate<Member> reachable(HazelcastInstance hz) {
        HazelcastInstanceImpl instance = hz instanceof HazelcastInstanceProxy proxy ? proxy.getOriginal()
                : (HazelcastInstanceImpl) hz;
        return member -> {
            if (member.localMember()) {
                return true;
            }
            ServerConnectionManager connections = instance.node.getServer().getConnectionManager(EndpointQualifier.MEMBER);
            ServerConnection connection = connections == null ? null : connections.get(member.getAddress());
            return connection != null && connection.isAlive();
        };
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
