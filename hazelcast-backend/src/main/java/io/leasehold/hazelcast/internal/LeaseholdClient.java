package io.leasehold.hazelcast.internal;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicates;
import io.leasehold.LeaseLock;
import io.leasehold.LeaseNotFoundException;
import io.leasehold.Leasehold;
import io.leasehold.LeaseholdUnavailableException;
import io.leasehold.Lessor;
import io.leasehold.LockLostListener;
import io.leasehold.Registration;
import io.leasehold.hazelcast.LeaseholdSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A {@link Leasehold} on a Hazelcast member or client: the session lease, the local view of leases,
 * and the wiring of the parts that each own one job:
 * <ul>
 *   <li>{@link Renewals}: keep-alive per partition, and the validity timers;</li>
 *   <li>{@link HoldSettler}: unlocks confirmed by the cluster, and settling of what a failed call left;</li>
 *   <li>the <b>listener thread</b> ({@code leasehold-listeners-*}): every user callback (lock lost,
 *       lease ended), so a slow listener delays no renewal and loses no event;</li>
 *   <li>{@link Outcomes}: what Hazelcast's exceptions mean.</li>
 * </ul>
 *
 * <p>Local view of leases: every lease this instance granted, renewed, keeps alive or locked with has a
 * {@link LocalLease} whose validity counts from when the last confirmed renewal (or read) was sent,
 * minus the safety margin. When it runs out, the lease's holds are lost and the lock-lost listeners
 * told, before any member could have revoked the lease.
 *
 * <p>Handoffs: the member that hands a lock to a queued waiter sends a {@link HandoffNotice} under the
 * waiter's session tag; one key-filtered listener per instance completes the future the waiting
 * {@code tryLock} parked on, found by the hold's wake code.
 */
public final class LeaseholdClient implements Leasehold {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseholdClient.class);
    private static final SecureRandom IDS = new SecureRandom();
    static final long HOLDER_CHECK_MILLIS = 1_000;
    /** The longest one try of a call waits for its answer before it counts as unknown and is retried. */
    static final long ATTEMPT_MILLIS = 5_000;
    /** How long close() waits to revoke the session; past it, the session simply expires on the cluster. */
    private static final long CLOSE_TIMEOUT_MILLIS = 5_000;
    private static final long SUMMARY_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    final HazelcastInstance hz;
    final LeaseholdSettings settings;
    final IMap<Long, LeaseRecord> leases;
    final IMap<String, LockRecord> locks;
    final long tag;
    private final LongSupplier nanos;
    private final ExecutorService continuationPool;
    private final Executor continuations;
    private final ExecutorService listenerThread;
    private final Map<Long, LocalLease> known = new ConcurrentHashMap<>();
    private final Map<Integer, Waiting> waiting = new ConcurrentHashMap<>();
    private final List<LockLostListener> lostListeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<LocalLease> session = new AtomicReference<>();
    private final Object sessionLock = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final UUID handoffListener;
    private final UUID ownLeaseListener;
    private final Renewals renewals;
    private final HoldSettler settler;
    private final LessorImpl lessor;
    /** The member this instance runs on, or null on a client: handoffs to our waiters come straight from it. */
    private final MemberService localMember;
    private final AtomicLong lostLeases = new AtomicLong();
    private final AtomicLong lostSince = new AtomicLong();
    private final AtomicLong lastSummary = new AtomicLong();
    final ClientMetrics metrics = new ClientMetrics();

    /** A tryLock parked on a handoff: the lock it waits for, and the future a notice completes. */
    record Waiting(String name, CompletableFuture<Long> handoff) {
    }

    public LeaseholdClient(HazelcastInstance hz, LeaseholdSettings settings) {
        this.hz = Objects.requireNonNull(hz, "hazelcastInstance");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.leases = hz.getMap(Maps.LEASES);
        this.locks = hz.getMap(Maps.LOCKS);
        this.tag = newId();
        this.nanos = settings.nanoClock();
        String hex = Long.toHexString(tag);
        this.continuationPool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "leasehold-async-" + hex);
            t.setDaemon(true);
            return t;
        });
        // After close, a late completion runs on the thread that completes it rather than failing.
        this.continuations = task -> {
            try {
                continuationPool.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        };
        this.listenerThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "leasehold-listeners-" + hex);
            t.setDaemon(true);
            return t;
        });
        this.renewals = new Renewals(this);
        this.settler = new HoldSettler(this);
        Misconfiguration.check(hz);
        this.handoffListener = hz.<Long, HandoffNotice>getMap(Maps.HANDOFFS)
                .addEntryListener(new NoticeListener(), tag, true);
        this.ownLeaseListener = leases.addEntryListener((EntryRemovedListener<Long, LeaseRecord>) event -> {
            LocalLease lease = known.get(event.getKey());
            if (lease != null) {
                leaseLost(lease, lease.describe() + " was revoked or expired on the cluster");
            }
        }, Predicates.equal("ownerTag", tag), false);
        this.lessor = new LessorImpl(this);
        // What admin listings show as the holder of this instance's leases and locks (removed on close).
        hz.<Long, String>getMap(Maps.HOLDERS).setAsync(tag, settings.holderName());
        this.localMember = MemberService.find(hz);
        if (localMember != null) {
            localMember.registerLocal(tag, this::wake);
        }
        renewals.start();
    }

    /** Hears the handoff notices sent under this instance's tag and wakes the waiter they name. */
    private final class NoticeListener implements EntryAddedListener<Long, HandoffNotice>,
            EntryUpdatedListener<Long, HandoffNotice> {

        @Override
        public void entryAdded(EntryEvent<Long, HandoffNotice> event) {
            wake(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<Long, HandoffNotice> event) {
            wake(event.getValue());
        }

        private void wake(HandoffNotice notice) {
            if (notice != null && notice.isLost()) {
                holdLost(notice);
            } else if (notice != null) {
                LeaseholdClient.this.wake(notice.lockName(), notice.wakeCode(), notice.fence());
            }
        }
    }

    /** A lock was handed to the waiter with this wake code: completes the future it is parked on. */
    private void wake(String lockName, int wakeCode, long fence) {
        Waiting w = waiting.get(wakeCode);
        if (w != null && w.name().equals(lockName)) {
            w.handoff().complete(fence);
        }
    }

    /** Admin: force-released holds heard of before their handle existed (a handoff just made): fence -> name. */
    private final Map<Long, String> forcedEarly = new ConcurrentHashMap<>();

    /** Admin: an operator force-released the hold the notice names (by lock, wake code and fence). */
    private void holdLost(HandoffNotice notice) {
        metrics.lostNotice();
        if (forcedEarly.size() > 1_000) {
            forcedEarly.clear(); // notices of holds already unlocked; nothing waits for them
        }
        forcedEarly.put(notice.fence(), notice.lockName());
        for (LocalLease lease : known.values()) {
            for (Hold hold : lease.holds) {
                if (hold.fence() == notice.fence() && hold.lockName().equals(notice.lockName())
                        && HandoffNotice.wakeCode(hold.holdId()) == notice.wakeCode()) {
                    forcedEarly.remove(notice.fence());
                    forcedLost(hold);
                }
            }
        }
    }

    private void forcedLost(Hold hold) {
        String reason = Describe.lock(hold.lockName()) + " was force-released by an operator";
        hold.lostReason = reason;
        if (hold.markLost()) {
            metrics.lockLost();
            fireLost(hold, reason);
        }
    }

    // ------------------------------------------------------------------ Leasehold

    @Override
    public LeaseLock lock(String name) {
        ensureOpen();
        return new LockImpl(this, Checks.lockName(name, settings.maxNameLength()));
    }

    @Override
    public Lessor lessor() {
        return lessor;
    }

    @Override
    public OptionalLong sessionLeaseId() {
        LocalLease s = session.get();
        return s != null && s.isValid(nanoTime()) ? OptionalLong.of(s.id) : OptionalLong.empty();
    }

    @Override
    public Registration addLockLostListener(LockLostListener listener) {
        Objects.requireNonNull(listener, "listener");
        lostListeners.add(listener);
        AtomicBoolean removed = new AtomicBoolean();
        return () -> {
            if (removed.compareAndSet(false, true)) {
                lostListeners.remove(listener);
            }
        };
    }

    /**
     * Revokes the session lease, which frees every lock this instance still holds through it, and
     * stops background work. If the cluster cannot be reached within 5 s, the session simply expires
     * there after its TTL, and so do its locks. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        LocalLease s = session.getAndSet(null);
        try {
            if (s != null && s.lostReason() == null) {
                lessor.revokeLocal(s, "the Leasehold instance was closed").toCompletableFuture()
                        .get(CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("Leasehold could not revoke its session {} on close", s.describe(), e);
        }
        if (localMember != null) {
            localMember.unregisterLocal(tag);
        }
        try {
            IMap<Long, HandoffNotice> notices = hz.getMap(Maps.HANDOFFS);
            notices.removeEntryListener(handoffListener);
            notices.delete(tag);
            hz.getMap(Maps.HOLDERS).delete(tag);
            leases.removeEntryListener(ownLeaseListener);
        } catch (RuntimeException e) {
            LOG.debug("Leasehold could not remove its listeners on close", e);
        }
        for (LocalLease lease : known.values()) {
            leaseLost(lease, "the Leasehold instance was closed");
        }
        renewals.shutdown();
        settler.shutdown();
        listenerThread.shutdown();
        continuationPool.shutdown();
    }

    boolean isClosed() {
        return closed.get();
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this Leasehold instance is closed");
        }
    }

    // ------------------------------------------------------------------ plumbing for the parts

    long nanoTime() {
        return nanos.getAsLong();
    }

    /**
     * Runs continuations of asynchronous calls. Given explicitly so that Hazelcast never falls back
     * to starting a thread per callback (it does when the common pool has one thread, as on 2 cores).
     */
    Executor continuations() {
        return continuations;
    }

    IMap<Long, LeaseRecord> leaseMap() {
        return leases;
    }

    Collection<LocalLease> leases() {
        return known.values();
    }

    HoldSettler holds() {
        return settler;
    }

    /** The member owning the lease's partition, or null while the partition table is not known. */
    com.hazelcast.cluster.Member ownerOf(long leaseId) {
        return hz.getPartitionService().getPartition(leaseId).getOwner();
    }

    /** Runs a blocking cluster call once; our exceptions pass through, the cluster's are mapped naming {@code what}. */
    <T> T call(Supplier<T> operation, String what) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            throw Outcomes.map(e, what);
        }
    }

    /**
     * Runs an idempotent blocking call, retrying while its outcome is unknown ({@link Outcomes#retrying}).
     * Blocking calls are the fast path (an asynchronous call's answer reaches its caller through one
     * more thread); they are bounded by the members' operation timeouts, and on clients by the client's
     * invocation timeout, which {@code LeaseholdConfig.apply(clientConfig)} sets to 5 s unless you did.
     */
    <T> T retrying(Supplier<T> operation, String what) {
        return Outcomes.retrying(operation, what, nanos);
    }

    /** The answer of one try, waited for at most {@link #ATTEMPT_MILLIS}; a late answer is an unknown outcome. */
    static <T> T bounded(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(ATTEMPT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(new TimeoutException("interrupted while waiting for the cluster"));
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (TimeoutException e) {
            throw new CompletionException(new TimeoutException("no answer within " + ATTEMPT_MILLIS + " ms"));
        }
    }

    /** Waits for a stage; our own exceptions pass through, the cluster's are mapped naming {@code what}. */
    static <T> T join(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseholdUnavailableException(what + ": interrupted while waiting for the cluster", e);
        } catch (ExecutionException e) {
            throw Outcomes.map(e.getCause(), what);
        }
    }

    // ------------------------------------------------------------------ sessions and local leases

    /** The session lease, granted once (however many threads ask) when there is no valid one. Blocking. */
    LocalLease session() {
        ensureOpen();
        LocalLease s = session.get();
        if (s != null && s.isValid(nanoTime())) {
            return s;
        }
        synchronized (sessionLock) {
            s = session.get();
            if (s != null && s.isValid(nanoTime())) {
                return s;
            }
            LocalLease fresh = grantNow(settings.sessionTtl().toMillis(), true);
            session.set(fresh);
            return fresh;
        }
    }

    /** Grants a lease under a fresh random id, blocking, and starts tracking its local validity. */
    LocalLease grantNow(long ttlMillis, boolean isSession) {
        while (true) {
            long id = newId();
            long sentAt = nanoTime();
            // Idempotent by id: a retried grant finds its own record (same owner tag) and answers OK.
            LeaseReply reply = retrying(() -> leases.executeOnKey(id, new Processors.Grant(ttlMillis, tag)), "grant");
            if (reply.failure() != LeaseDecisions.Failure.ID_TAKEN) {
                return granted(id, sentAt, reply, ttlMillis, isSession);
            }
        }
    }

    private LocalLease granted(long id, long sentAt, LeaseReply reply, long ttlMillis, boolean isSession) {
        if (!reply.isOk()) {
            throw new IllegalArgumentException("ttl " + ttlMillis + " ms was refused by the members: "
                    + "it exceeds their maximum TTL");
        }
        LocalLease lease = new LocalLease(id, reply.ttl(), isSession, sentAt);
        lease.keepAlive = isSession;
        known.put(id, lease);
        confirmed(lease, sentAt, reply, true);
        return lease;
    }

    /** Grants a lease under a fresh random id and starts tracking its local validity, without blocking. */
    CompletableFuture<LocalLease> grantLocal(long ttlMillis, boolean isSession) {
        long id = newId();
        long sentAt = nanoTime();
        return Outcomes.retryingAsync(() -> leases.submitToKey(id, new Processors.Grant(ttlMillis, tag)), "grant",
                        nanos, continuations)
                .thenComposeAsync(reply -> reply.failure() == LeaseDecisions.Failure.ID_TAKEN
                        ? grantLocal(ttlMillis, isSession)
                        : CompletableFuture.completedFuture(granted(id, sentAt, reply, ttlMillis, isSession)),
                        continuations);
    }

    /**
     * The local view of a lease given by id. A lease this instance does not keep alive is
     * <em>watched</em>: valid until the deadline the cluster last reported minus the margin, and read
     * again every third of its TTL while this instance holds locks on it, so a renewal by anyone
     * extends it here too.
     */
    LocalLease localLease(long leaseId) {
        Checks.leaseId(leaseId);
        LocalLease lease = known.get(leaseId);
        if (lease != null && lease.isValid(nanoTime())) {
            return lease;
        }
        long sentAt = nanoTime();
        LeaseReply reply = retrying(() -> leases.executeOnKey(leaseId, new Processors.LeaseRead(false)),
                Describe.lease(leaseId));
        if (!reply.isOk()) {
            throw LessorImpl.notFound(leaseId, reply);
        }
        LocalLease fresh = new LocalLease(leaseId, reply.ttl(), false, sentAt);
        LocalLease raced = known.putIfAbsent(leaseId, fresh);
        LocalLease used = raced != null && raced.lostReason() == null ? raced : fresh;
        if (used == fresh && raced != null) {
            known.put(leaseId, fresh);
        }
        confirmed(used, sentAt, reply, false);
        return used;
    }

    LocalLease trackedLease(long leaseId) {
        return known.get(leaseId);
    }

    /** Starts tracking a lease this instance learned about (a renewal it sent). */
    LocalLease track(long leaseId, long sentAt, LeaseReply reply) {
        LocalLease lease = known.computeIfAbsent(leaseId, id -> new LocalLease(id, reply.ttl(), false, sentAt));
        confirmed(lease, sentAt, reply, true);
        return lease;
    }

    /**
     * The cluster confirmed the lease, answering a request sent at {@code sentAt}: a renewal (valid
     * for its TTL from the send) or a read (valid until the reported deadline, from the send).
     */
    void confirmed(LocalLease lease, long sentAt, LeaseReply reply, boolean renewal) {
        long aliveFor = renewal ? reply.ttl() : reply.remaining();
        lease.confirmedUntil(sentAt + TimeUnit.MILLISECONDS.toNanos(aliveFor) - marginNanos(reply.ttl()));
        long contactIn = renewal ? reply.ttl() / 3 : Math.max(Renewals.TICK_MILLIS, reply.remaining() / 3);
        lease.nextRenewNanos = sentAt + TimeUnit.MILLISECONDS.toNanos(contactIn);
        if (lease.lostReason() == null) {
            renewals.arm(lease);
        }
    }

    /** The holder's margin on a lease of this TTL: a fraction of it, and never less than two keep-alive ticks. */
    long marginNanos(long ttlMillis) {
        long fraction = (long) (ttlMillis * settings.safetyMargin() * 1_000_000L);
        return Math.max(fraction, TimeUnit.MILLISECONDS.toNanos(2 * Renewals.TICK_MILLIS));
    }

    /** The lease is gone or may be: every hold on it is lost, and the listeners are told once each. */
    void leaseLost(LocalLease lease, String reason) {
        if (!lease.markLost(reason)) {
            return;
        }
        known.remove(lease.id, lease);
        session.compareAndSet(lease, null);
        logLoss(lease, reason);
        for (Hold hold : lease.holds) {
            if (hold.markLost()) {
                metrics.lockLost();
                fireLost(hold, reason);
                if (!closed.get()) {
                    // If the lock is still ours on the cluster, free it for others now.
                    settler.settleRelease(hold);
                }
            }
        }
    }

    /** Per-lease losses at DEBUG, with a summary at INFO at most every 10 s. */
    private void logLoss(LocalLease lease, String reason) {
        LOG.debug("Leasehold lost {}: {}", lease.describe(), reason);
        long n = lostLeases.incrementAndGet();
        long now = nanoTime();
        long last = lastSummary.get();
        if (now - last >= SUMMARY_EVERY_NANOS && lastSummary.compareAndSet(last, now)) {
            long since = n - lostSince.getAndSet(n);
            LOG.info("Leasehold instance {} lost {} lease(s) in the last period, {} in all (latest: {}: {})",
                    Long.toHexString(tag), since, n, lease.describe(), reason);
        }
    }

    void fireLost(Hold hold, String reason) {
        runListener(() -> {
            for (LockLostListener listener : lostListeners) {
                try {
                    listener.lockLost(hold.lockName(), hold.fence(), hold.leaseId(), reason);
                } catch (RuntimeException e) {
                    LOG.warn("A lock-lost listener failed for lock '{}'", hold.lockName(), e);
                }
            }
        });
    }

    /** Runs a user callback on the listener thread, in order; never on a Hazelcast or keep-alive thread. */
    void runListener(Runnable callback) {
        try {
            listenerThread.execute(callback);
        } catch (RejectedExecutionException e) {
            callback.run();
        }
    }

    // ------------------------------------------------------------------ locks

    Hold newHold(String name, long fence, long holdId, LocalLease lease) {
        Hold hold = new Hold(this, name, fence, holdId, lease);
        lease.holds.add(hold);
        if (lease.lostReason() != null && hold.markLost()) {
            fireLost(hold, lease.lostReason());
        }
        if (!forcedEarly.isEmpty() && forcedEarly.remove(fence, name)) {
            forcedLost(hold);
        }
        return hold;
    }

    /** A fresh hold id whose wake code no current waiter of this instance has, registered as waiting. */
    long newWaiter(String name, CompletableFuture<Long> handoff) {
        while (true) {
            long holdId = newHoldId();
            if (waiting.putIfAbsent(HandoffNotice.wakeCode(holdId), new Waiting(name, handoff)) == null) {
                return holdId;
            }
        }
    }

    void waitingDone(long holdId) {
        waiting.remove(HandoffNotice.wakeCode(holdId));
    }

    /** Revokes a lease in the background (a lock's own lease, once the lock is released). */
    void revokeQuietly(long leaseId) {
        leases.submitToKey(leaseId, new Processors.Revoke()).whenCompleteAsync((reply, error) -> {
            if (error != null) {
                LOG.debug("Leasehold could not revoke {}; it expires by itself", Describe.lease(leaseId), error);
            }
        }, continuations);
    }

    void countKeepAlive() {
        metrics.keepAlive();
    }

    void countKeepAliveFailure() {
        metrics.keepAliveFailed();
    }

    /** Figures of this instance, for tests and metrics. */
    public ClientMetrics metrics() {
        return metrics;
    }

    /** Holds and waiter entries still settling in the background, and leases known locally. */
    public int pendingSettlements() {
        return settler.pending();
    }

    /** How many leases this instance tracks locally (kept alive, watched, or just granted). */
    public int knownLeases() {
        return known.size();
    }

    static long newId() {
        long id;
        do {
            id = IDS.nextLong();
        } while (id == 0);
        return id;
    }

    static long newHoldId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return id;
    }

    static LeaseNotFoundException ended(long leaseId, String name) {
        return new LeaseNotFoundException(leaseId, "ended on the cluster; cannot lock '" + name + "' with it");
    }
}
