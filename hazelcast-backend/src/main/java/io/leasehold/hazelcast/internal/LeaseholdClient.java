package io.leasehold.hazelcast.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.EntryEvent;
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
import io.leasehold.LockNotHeldException;
import io.leasehold.Registration;
import io.leasehold.hazelcast.LeaseholdSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.HashMap;
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
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * A {@link Leasehold} on a Hazelcast member or client.
 *
 * <p>Local view of leases: every lease this instance granted, renewed or locked with sits in a
 * Caffeine cache whose per-entry expiry is the lease's local validity (from when the last confirmed
 * renewal was sent, minus the safety margin). Caffeine's scheduler removes an entry the moment its
 * validity runs out, and the removal tells the lock-lost listeners, before any member could have
 * revoked the lease. Keep-alive renews every kept-alive lease that is due in one batched request.
 *
 * <p>Handoffs: whoever hands a lock to a queued waiter sends a {@link HandoffNotice} under the
 * waiter's session tag; one key-filtered listener per instance completes the future the waiting
 * {@code tryLock} parked on. Lock updates themselves carry no listener, so they cost no event work.
 */
public final class LeaseholdClient implements Leasehold {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseholdClient.class);
    private static final SecureRandom IDS = new SecureRandom();
    private static final long KEEP_ALIVE_TICK_MILLIS = 50;
    static final long HOLDER_CHECK_MILLIS = 1_000;
    private static final long STUCK_RENEW_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long close() waits to revoke the session; past it, the session simply expires on the cluster. */
    private static final long CLOSE_TIMEOUT_MILLIS = 5_000;

    final HazelcastInstance hz;
    final LeaseholdSettings settings;
    final IMap<Long, LeaseRecord> leases;
    final IMap<String, LockRecord> locks;
    final long tag;
    private final LongSupplier nanos;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService sender;
    private final ExecutorService callbackPool;
    private final Executor callbacks;
    private final Cache<Long, LocalLease> known;
    private final Map<Long, CompletableFuture<Long>> handoffs = new ConcurrentHashMap<>();
    private final List<LockLostListener> lostListeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<LocalLease> session = new AtomicReference<>();
    private final Object sessionLock = new Object();
    private final AtomicLong renewInFlightSince = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final UUID handoffListener;
    private final UUID ownLeaseListener;
    private final LessorImpl lessor;

    public LeaseholdClient(HazelcastInstance hz, LeaseholdSettings settings) {
        this.hz = Objects.requireNonNull(hz, "hazelcastInstance");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.leases = hz.getMap(Maps.LEASES);
        this.locks = hz.getMap(Maps.LOCKS);
        this.tag = newId();
        this.nanos = settings.nanoClock();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "leasehold-keepalive-" + Long.toHexString(tag));
            t.setDaemon(true);
            return t;
        });
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "leasehold-sender-" + Long.toHexString(tag));
            t.setDaemon(true);
            return t;
        });
        this.callbackPool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "leasehold-async-" + Long.toHexString(tag));
            t.setDaemon(true);
            return t;
        });
        // After close, a late completion runs on the thread that completes it rather than failing.
        this.callbacks = task -> {
            try {
                callbackPool.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        };
        this.known = Caffeine.newBuilder()
                .ticker(nanos::getAsLong)
                .executor(this::runBackground)
                .scheduler(Scheduler.forScheduledExecutorService(scheduler))
                .expireAfter(new Expiry<Long, LocalLease>() {
                    @Override
                    public long expireAfterCreate(Long id, LocalLease lease, long now) {
                        return Math.max(0, lease.validUntilNanos() - now);
                    }

                    @Override
                    public long expireAfterUpdate(Long id, LocalLease lease, long now, long current) {
                        return Math.max(0, lease.validUntilNanos() - now);
                    }

                    @Override
                    public long expireAfterRead(Long id, LocalLease lease, long now, long current) {
                        return current;
                    }
                })
                .removalListener((Long id, LocalLease lease, RemovalCause cause) -> {
                    if (cause == RemovalCause.EXPIRED && lease != null) {
                        leaseLost(lease, noRenewal(lease));
                    }
                })
                .build();
        this.handoffListener = hz.<Long, HandoffNotice>getMap(Maps.HANDOFFS)
                .addEntryListener(new NoticeListener(), tag, true);
        this.ownLeaseListener = leases.addEntryListener((EntryRemovedListener<Long, LeaseRecord>) event -> {
            LocalLease lease = known.getIfPresent(event.getKey());
            if (lease != null) {
                leaseLost(lease, lease.describe() + " was revoked or expired on the cluster");
            }
        }, Predicates.equal("ownerTag", tag), false);
        this.lessor = new LessorImpl(this);
        scheduler.scheduleWithFixedDelay(this::keepAliveTick, KEEP_ALIVE_TICK_MILLIS, KEEP_ALIVE_TICK_MILLIS,
                TimeUnit.MILLISECONDS);
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
            CompletableFuture<Long> waiter = notice == null ? null : handoffs.get(notice.holdId());
            if (waiter != null) {
                waiter.complete(notice.fence());
            }
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
        try {
            IMap<Long, HandoffNotice> notices = hz.getMap(Maps.HANDOFFS);
            notices.removeEntryListener(handoffListener);
            notices.delete(tag);
            leases.removeEntryListener(ownLeaseListener);
        } catch (RuntimeException e) {
            LOG.debug("Leasehold could not remove its handoff listener on close", e);
        }
        known.invalidateAll();
        known.cleanUp();
        scheduler.shutdownNow();
        sender.shutdownNow();
        callbackPool.shutdown();
    }

    /** Caffeine's maintenance runs on the keep-alive thread; after close, on the caller's. */
    private void runBackground(Runnable task) {
        try {
            scheduler.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    // ------------------------------------------------------------------ sessions and local leases

    long nanoTime() {
        return nanos.getAsLong();
    }

    /**
     * Runs continuations of asynchronous calls. Given explicitly so that Hazelcast never falls back
     * to starting a thread per callback (it does when the common pool has one thread, as on 2 cores).
     */
    Executor callbacks() {
        return callbacks;
    }

    /** Runs a blocking cluster call; our exceptions pass through, the cluster's are wrapped naming {@code what}. */
    <T> T call(java.util.function.Supplier<T> operation, String what) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            throw unwrap(e, what);
        }
    }

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
            LeaseReply reply = call(() -> leases.executeOnKey(id, new Processors.Grant(ttlMillis, tag)), "grant");
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
        lease.confirmed(sentAt, reply.ttl(), marginNanos(reply.ttl()));
        lease.keepAlive = isSession;
        lease.nextRenewNanos = sentAt + TimeUnit.MILLISECONDS.toNanos(reply.ttl() / 3);
        known.put(id, lease);
        return lease;
    }

    /** Grants a lease under a fresh random id and starts tracking its local validity, without blocking. */
    CompletableFuture<LocalLease> grantLocal(long ttlMillis, boolean isSession) {
        long id = newId();
        long sentAt = nanoTime();
        return leases.submitToKey(id, new Processors.Grant(ttlMillis, tag)).toCompletableFuture()
                .thenComposeAsync(reply -> reply.failure() == LeaseDecisions.Failure.ID_TAKEN
                        ? grantLocal(ttlMillis, isSession)
                        : CompletableFuture.completedFuture(granted(id, sentAt, reply, ttlMillis, isSession)), callbacks);
    }

    /** The local view of a lease; if this instance has none, one read of the lease makes it. */
    LocalLease localLease(long leaseId) {
        Checks.leaseId(leaseId);
        LocalLease lease = known.getIfPresent(leaseId);
        if (lease != null && lease.isValid(nanoTime())) {
            return lease;
        }
        long sentAt = nanoTime();
        LeaseReply reply = join(leases.submitToKey(leaseId, new Processors.LeaseRead()), Describe.lease(leaseId));
        if (!reply.isOk()) {
            throw LessorImpl.notFound(leaseId, reply);
        }
        LocalLease fresh = new LocalLease(leaseId, reply.ttl(), false, sentAt);
        fresh.confirmedUntil(sentAt + TimeUnit.MILLISECONDS.toNanos(reply.remaining()) - marginNanos(reply.ttl()));
        known.put(leaseId, fresh);
        return fresh;
    }

    LocalLease trackedLease(long leaseId) {
        return known.getIfPresent(leaseId);
    }

    /** A renewal of {@code lease} sent at {@code sentAt} was confirmed. */
    void renewed(LocalLease lease, long sentAt, long ttl) {
        lease.confirmed(sentAt, ttl, marginNanos(ttl));
        lease.nextRenewNanos = sentAt + TimeUnit.MILLISECONDS.toNanos(ttl / 3);
        if (lease.lostReason() == null) {
            known.put(lease.id, lease);
        }
    }

    /** Starts tracking a lease this instance learned about (a renewal it sent). */
    void track(LocalLease lease) {
        known.put(lease.id, lease);
    }

    private static String noRenewal(LocalLease lease) {
        return "no renewal of " + lease.describe() + " was confirmed within its TTL (" + lease.ttlMillis
                + " ms) minus the safety margin";
    }

    /** The holder's margin on a lease of this TTL: a fraction of it, and never less than two keep-alive ticks. */
    long marginNanos(long ttlMillis) {
        long fraction = (long) (ttlMillis * settings.safetyMargin() * 1_000_000L);
        return Math.max(fraction, TimeUnit.MILLISECONDS.toNanos(2 * KEEP_ALIVE_TICK_MILLIS));
    }

    /** The lease is gone or may be: every hold on it is lost, and the listeners are told once each. */
    void leaseLost(LocalLease lease, String reason) {
        if (!lease.markLost(reason)) {
            return;
        }
        LOG.info("Leasehold lost {}: {}", lease.describe(), reason);
        for (Hold hold : lease.holds) {
            if (hold.markLost()) {
                fireLost(hold, reason);
                // Best effort: if the lock is still ours on the cluster, free it for others now.
                sender.execute(() -> {
                    try {
                        HandoffNotice.sendIfHandedOff(hz, hold.lockName(),
                                locks.executeOnKey(hold.lockName(), new Processors.Release(hold.holdId())));
                    } catch (RuntimeException e) {
                        LOG.debug("Leasehold could not release lock '{}' of a lost lease", hold.lockName(), e);
                    }
                });
            }
        }
        known.asMap().remove(lease.id, lease);
    }

    void fireLost(Hold hold, String reason) {
        for (LockLostListener listener : lostListeners) {
            try {
                listener.lockLost(hold.lockName(), hold.fence(), hold.leaseId(), reason);
            } catch (RuntimeException e) {
                LOG.warn("A lock-lost listener failed for lock '{}'", hold.lockName(), e);
            }
        }
    }

    // ------------------------------------------------------------------ keep-alive

    private void keepAliveTick() {
        if (closed.get()) {
            return;
        }
        try {
            long now = nanoTime();
            // When any lease is due, renew every kept-alive lease with it, so they all fall into step:
            // one batched request per period, however many leases (longer TTLs are renewed at the
            // shortest one's pace, which costs nothing on the wire).
            boolean anyDue = false;
            Map<Long, LocalLease> due = new HashMap<>();
            for (LocalLease lease : known.asMap().values()) {
                if (lease.lostReason() != null) {
                    continue;
                }
                if (!lease.isValid(now)) {
                    // Told within one tick of the validity running out (Caffeine's own expiry, the
                    // backstop, may come up to a second later: its timer wheel is coarse).
                    leaseLost(lease, noRenewal(lease));
                    continue;
                }
                if (!lease.keepAlive) {
                    continue;
                }
                anyDue |= now - lease.nextRenewNanos >= 0;
                due.put(lease.id, lease);
            }
            // One batch in flight at a time. A batch still unanswered after half the shortest TTL is
            // taken as lost (a cut-off connection) and does not stop the next one.
            long inFlight = renewInFlightSince.get();
            long stuckAfter = Math.max(STUCK_RENEW_NANOS, TimeUnit.MILLISECONDS.toNanos(
                    due.values().stream().mapToLong(l -> l.ttlMillis).min().orElse(0) / 2));
            if (!anyDue || (inFlight != 0 && now - inFlight < stuckAfter)
                    || !renewInFlightSince.compareAndSet(inFlight, now)) {
                return;
            }
            // A client cut off from the cluster may block inside the call: never on this thread,
            // which must keep telling holders when their validity runs out.
            sender.execute(() -> {
                try {
                    leases.submitToKeys(due.keySet(), new Processors.Renew()).whenCompleteAsync((replies, error) -> {
                        renewInFlightSince.compareAndSet(now, 0);
                        onRenewed(due, now, replies, error);
                    }, callbacks);
                } catch (RuntimeException e) {
                    renewInFlightSince.compareAndSet(now, 0);
                    LOG.debug("Leasehold keep-alive could not send renewals", e);
                }
            });
        } catch (RuntimeException e) {
            renewInFlightSince.set(0);
            LOG.debug("Leasehold keep-alive could not send renewals", e);
        }
    }

    private void onRenewed(Map<Long, LocalLease> due, long sentAt, Map<Long, LeaseReply> replies, Throwable error) {
        LOG.debug("Leasehold renewed {} leases in {} ms", due.size(), (nanoTime() - sentAt) / 1_000_000);
        if (error != null) {
            LOG.debug("Leasehold keep-alive of {} leases failed; validity keeps counting down", due.size(), error);
            long retryAt = nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            due.values().forEach(lease -> lease.nextRenewNanos = retryAt);
            return;
        }
        for (LocalLease lease : due.values()) {
            LeaseReply reply = replies.get(lease.id);
            if (reply != null && reply.isOk()) {
                renewed(lease, sentAt, reply.ttl());
            } else {
                leaseLost(lease, lease.describe() + " was found " + (reply == null ? "missing"
                        : reply.failure().name().toLowerCase().replace('_', ' ')) + " when renewing it");
            }
        }
    }

    // ------------------------------------------------------------------ locks

    Map<Long, CompletableFuture<Long>> handoffs() {
        return handoffs;
    }

    Hold newHold(String name, long fence, long holdId, LocalLease lease) {
        Hold hold = new Hold(this, name, fence, holdId, lease);
        lease.holds.add(hold);
        if (lease.lostReason() != null && hold.markLost()) {
            fireLost(hold, lease.lostReason());
        }
        return hold;
    }

    void release(Hold hold, String lostReason) {
        LockReply reply = call(() -> locks.executeOnKey(hold.lockName(), new Processors.Release(hold.holdId())),
                "lock '" + hold.lockName() + "'");
        HandoffNotice.sendIfHandedOff(hz, hold.lockName(), reply);
        if (reply.code() == LockReply.Code.NOT_HELD) {
            throw new LockNotHeldException(hold.lockName(), hold.fence(), "not held by "
                    + LeaseNotFoundException.format(hold.leaseId())
                    + (lostReason != null ? " (" + lostReason + ")" : " (its lease expired or was revoked)")
                    + "; " + Describe.holder(reply));
        }
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

    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this Leasehold instance is closed");
        }
    }

    /** Waits for a stage; our own exceptions pass through, the cluster's are wrapped naming {@code what}. */
    static <T> T join(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseholdUnavailableException(what + ": interrupted while waiting for the cluster", e);
        } catch (ExecutionException e) {
            throw unwrap(e.getCause(), what);
        }
    }

    static RuntimeException unwrap(Throwable cause, String what) {
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof com.hazelcast.splitbrainprotection.SplitBrainProtectionException) {
            return new LeaseholdUnavailableException(what + ": refused by split-brain protection, this side of the"
                    + " cluster has fewer members than the quorum (" + cause.getMessage() + ")", cause);
        }
        if (cause instanceof RuntimeException runtime) {
            String type = cause.getClass().getName();
            if (type.startsWith("io.leasehold.") || type.equals("java.lang.IllegalArgumentException")
                    || type.equals("java.lang.IllegalStateException") || type.equals("java.lang.NullPointerException")) {
                return runtime;
            }
        }
        return new LeaseholdUnavailableException(what + ": " + cause, cause);
    }

}
