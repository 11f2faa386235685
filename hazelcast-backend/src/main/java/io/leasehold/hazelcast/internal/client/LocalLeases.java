package io.leasehold.hazelcast.internal.client;

import io.leasehold.LeaseNotFoundException;
import io.leasehold.hazelcast.internal.core.Checks;
import io.leasehold.hazelcast.internal.core.Describe;
import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import io.leasehold.hazelcast.internal.protocol.Grant;
import io.leasehold.hazelcast.internal.protocol.LeaseRead;
import io.leasehold.hazelcast.internal.protocol.MemberPort;
import io.leasehold.hazelcast.internal.protocol.Renew;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * This instance's local view of leases, and its session.
 *
 * <p>Every lease the instance granted, renewed, keeps alive or locked with has a {@link LocalLease}
 * whose validity counts from when the last confirmed renewal (or read) was <em>sent</em>, minus the
 * holder's margin. When it runs out, or the cluster says the lease is gone, {@link #leaseLost}
 * marks every hold on it lost, tells the lock-lost listeners once each, and has the settler free
 * whatever is still ours on the cluster, before any member could have revoked the lease.
 *
 * <p>The session is the lease locks ride on by default: granted once, however many threads ask,
 * when there is no valid one.
 */
final class LocalLeases {

    private static final Logger LOG = LoggerFactory.getLogger(LocalLeases.class);
    private static final SecureRandom IDS = new SecureRandom();
    private static final long SUMMARY_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** How this instance's leases are kept confirmed, per lease and in its own time. */
    record Policy(long sessionTtlMillis, double safetyMargin, long tickMillis) {
    }

    private final Cluster cluster;
    private final Calls calls;
    private final InstanceLifecycle lifecycle;
    private final Listeners listeners;
    private final HoldSettler settler;
    private final ClientMetrics metrics;
    private final Policy policy;
    /** Arms a lease's validity timer after each confirmation (the keep-alive's job). */
    private final Consumer<LocalLease> arm;
    private final Map<Long, LocalLease> known = new ConcurrentHashMap<>();
    private final AtomicReference<LocalLease> session = new AtomicReference<>();
    private final Object sessionLock = new Object();
    private final AtomicLong lostLeases = new AtomicLong();
    private final AtomicLong lostSince = new AtomicLong();
    private final AtomicLong lastSummary = new AtomicLong();
    /** The members' minimum TTL when this instance runs on a member (0 on a client: the members answer). */
    private final long localMinTtl;

    LocalLeases(Cluster cluster, Calls calls, InstanceLifecycle lifecycle, Listeners listeners, HoldSettler settler,
                ClientMetrics metrics, Policy policy, Consumer<LocalLease> arm) {
        this.cluster = cluster;
        this.calls = calls;
        this.lifecycle = lifecycle;
        this.listeners = listeners;
        this.settler = settler;
        this.metrics = metrics;
        this.policy = policy;
        this.arm = arm;
        MemberPort member = MemberPort.find(cluster.hz());
        this.localMinTtl = member != null ? member.ttlPolicy().minTtl() : 0;
    }

    /** Refuses a TTL below the members' minimum before anything is sent, when this instance knows it. */
    private void checkTtl(long ttlMillis) {
        if (ttlMillis < localMinTtl) {
            throw tooShort(ttlMillis, localMinTtl);
        }
    }

    private static IllegalArgumentException tooShort(long ttlMillis, long minTtl) {
        return new IllegalArgumentException("ttl " + ttlMillis + " ms is below the members' minimum TTL of " + minTtl
                + " ms (MemberSettings minTtl, leasehold.min-ttl-ms); ask for at least " + minTtl + " ms");
    }

    // ------------------------------------------------------------------ the session

    /** The session lease, granted once (however many threads ask) when there is no valid one. Blocking. */
    LocalLease session() {
        lifecycle.ensureOpen();
        LocalLease s = session.get();
        if (s != null && s.isValid(calls.nanoTime())) {
            return s;
        }
        synchronized (sessionLock) {
            s = session.get();
            if (s != null && s.isValid(calls.nanoTime())) {
                return s;
            }
            LocalLease fresh = grantNow(policy.sessionTtlMillis(), true);
            session.set(fresh);
            return fresh;
        }
    }

    /** The session, if it is valid now. */
    LocalLease validSession() {
        LocalLease s = session.get();
        return s != null && s.isValid(calls.nanoTime()) ? s : null;
    }

    /** Takes the session away (on close): it is revoked by the caller. */
    LocalLease takeSession() {
        return session.getAndSet(null);
    }

    // ------------------------------------------------------------------ grants and reads

    /** Grants a lease under a fresh random id, blocking, and starts tracking its local validity. */
    LocalLease grantNow(long ttlMillis, boolean isSession) {
        checkTtl(ttlMillis);
        while (true) {
            long id = newLeaseId();
            long sentAt = calls.nanoTime();
            // Idempotent by id: a retried grant finds its own record (same owner tag) and answers OK.
            LeaseReply reply = calls.retrying(() -> cluster.leases().executeOnKey(id, new Grant(ttlMillis, cluster.tag())),
                    "grant");
            if (reply.failure() != LeaseDecisions.Failure.ID_TAKEN) {
                return granted(id, sentAt, reply, ttlMillis, isSession);
            }
        }
    }

    /** Grants a lease under a fresh random id and starts tracking its local validity, without blocking. */
    CompletableFuture<LocalLease> grantLocal(long ttlMillis, boolean isSession) {
        checkTtl(ttlMillis);
        long id = newLeaseId();
        long sentAt = calls.nanoTime();
        return calls.retryingAsync(() -> cluster.leases().submitToKey(id, new Grant(ttlMillis, cluster.tag())), "grant")
                .thenComposeAsync(reply -> reply.failure() == LeaseDecisions.Failure.ID_TAKEN
                                ? grantLocal(ttlMillis, isSession)
                                : CompletableFuture.completedFuture(granted(id, sentAt, reply, ttlMillis, isSession)),
                        calls.continuations());
    }

    private LocalLease granted(long id, long sentAt, LeaseReply reply, long ttlMillis, boolean isSession) {
        if (reply.failure() == LeaseDecisions.Failure.TTL_TOO_SHORT) {
            throw tooShort(ttlMillis, reply.ttl());
        }
        if (!reply.isOk()) {
            throw new IllegalArgumentException("ttl " + ttlMillis + " ms was refused by the members: it exceeds their"
                    + " maximum TTL" + (reply.ttl() > 0 ? " of " + reply.ttl() + " ms" : ""));
        }
        LocalLease lease = new LocalLease(id, reply.ttl(), isSession, sentAt);
        lease.keepAlive = isSession;
        known.put(id, lease);
        confirmed(lease, sentAt, reply, true);
        return lease;
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
        if (lease != null && lease.isValid(calls.nanoTime())) {
            return lease;
        }
        long sentAt = calls.nanoTime();
        LeaseReply reply = calls.retrying(() -> cluster.leases().executeOnKey(leaseId, new LeaseRead(false)),
                Describe.lease(leaseId));
        if (!reply.isOk()) {
            throw notFound(leaseId, reply);
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

    /** The lease if this instance tracks it, else null. */
    LocalLease tracked(long leaseId) {
        return known.get(leaseId);
    }

    /** Starts tracking a lease this instance learned about (a renewal it sent). */
    LocalLease track(long leaseId, long sentAt, LeaseReply reply) {
        LocalLease lease = known.computeIfAbsent(leaseId, id -> new LocalLease(id, reply.ttl(), false, sentAt));
        confirmed(lease, sentAt, reply, true);
        return lease;
    }

    Collection<LocalLease> all() {
        return known.values();
    }

    int size() {
        return known.size();
    }

    // ------------------------------------------------------------------ validity

    /**
     * The cluster confirmed the lease, answering a request sent at {@code sentAt}: a renewal (valid
     * for its TTL from the send) or a read (valid until the reported deadline, from the send).
     */
    void confirmed(LocalLease lease, long sentAt, LeaseReply reply, boolean renewal) {
        long aliveFor = renewal ? reply.ttl() : reply.remaining();
        lease.confirmedUntil(sentAt + TimeUnit.MILLISECONDS.toNanos(aliveFor) - marginNanos(reply.ttl()));
        long contactIn = renewal ? reply.ttl() / 3 : Math.max(policy.tickMillis(), reply.remaining() / 3);
        lease.nextRenewNanos = sentAt + TimeUnit.MILLISECONDS.toNanos(contactIn);
        if (lease.lostReason() == null) {
            arm.accept(lease);
        }
    }

    /**
     * The holder's margin on a lease of this TTL ({@link LeaseDecisions#holderMarginNanos}). A member
     * keeps the lease at least its TTL in real time from when it processed the request, after the send
     * validity counts from; so a 100 ms lease is valid on its holder for 90 ms from the send with the
     * default margin.
     */
    long marginNanos(long ttlMillis) {
        return LeaseDecisions.holderMarginNanos(ttlMillis, policy.safetyMargin());
    }

    /**
     * One renewal, not waited for, sent the moment a lock was taken under a lease of its own: the
     * lease then lasts its TTL from the acquisition, as every peer's {@code leaseTime} does, without a
     * second round trip for the caller. Retried while its outcome is unknown; a lease gone meanwhile
     * (unlocked and revoked already) is left to the usual paths.
     */
    void renewFromNow(LocalLease lease) {
        long sentAt = calls.nanoTime();
        calls.retryingAsync(() -> cluster.leases().submitToKey(lease.id, new Renew()), lease.describe())
                .whenCompleteAsync((reply, error) -> {
                    if (error == null && reply.isOk()) {
                        confirmed(lease, sentAt, reply, true);
                    } else {
                        LOG.debug("Leasehold could not renew {} from its lock's acquisition: {}", lease.describe(),
                                error != null ? error.toString() : Describe.failure(reply.failure()));
                    }
                }, calls.continuations());
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
                listeners.fireLost(hold, reason);
                if (!lifecycle.isClosed() && !lease.ownLeaseTime) {
                    // Renewals failed: if the lock is still ours on the cluster, free it for others now.
                    // A lock under its own leaseTime is not freed early: the cluster frees it at the
                    // lease's deadline, and its holder has only been told it may have lost it.
                    settler.settleRelease(hold);
                }
            }
        }
    }

    /** A hold made by an acquire on this lease; lost at once if the lease was lost meanwhile. */
    Hold newHold(String name, long fence, long holdId, LocalLease lease) {
        Hold hold = new Hold(name, fence, holdId, lease, settler, metrics, calls.clock());
        lease.holds.add(hold);
        if (lease.lostReason() != null && hold.markLost()) {
            listeners.fireLost(hold, lease.lostReason());
        }
        return hold;
    }

    /** Per-lease losses at DEBUG, with a summary at INFO at most every 10 s. */
    private void logLoss(LocalLease lease, String reason) {
        LOG.debug("Leasehold lost {}: {}", lease.describe(), reason);
        long n = lostLeases.incrementAndGet();
        long now = calls.nanoTime();
        long last = lastSummary.get();
        if (now - last >= SUMMARY_EVERY_NANOS && lastSummary.compareAndSet(last, now)) {
            long since = n - lostSince.getAndSet(n);
            LOG.info("Leasehold instance {} lost {} lease(s) in the last period, {} in all (latest: {}: {})",
                    cluster.hexTag(), since, n, lease.describe(), reason);
        }
    }

    static LeaseNotFoundException notFound(long leaseId, LeaseReply reply) {
        return new LeaseNotFoundException(leaseId, Describe.failure(reply.failure()));
    }

    static LeaseNotFoundException ended(long leaseId, String name) {
        return new LeaseNotFoundException(leaseId, "ended on the cluster; cannot lock '" + name + "' with it");
    }

    /** A lease id: random, non-zero, not guessable. */
    static long newLeaseId() {
        long id;
        do {
            id = IDS.nextLong();
        } while (id == 0);
        return id;
    }

    /** A hold id: random and non-zero (its low bits are the waiter's wake code). */
    static long newHoldId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return id;
    }
}
