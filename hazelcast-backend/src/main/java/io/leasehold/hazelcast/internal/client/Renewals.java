package io.leasehold.hazelcast.internal.client;

import io.leasehold.hazelcast.internal.core.Describe;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import io.leasehold.hazelcast.internal.protocol.LeaseRead;
import io.leasehold.hazelcast.internal.protocol.Renew;
import io.leasehold.hazelcast.internal.protocol.RenewOnMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.IExecutorService;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.concurrent.CompletionStage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps this instance's leases confirmed, per partition.
 *
 * <p>The <b>keep-alive thread</b> ({@code leasehold-keepalive-*}) only keeps time: every tick it
 * groups the leases that need contact by partition and hands one request per partition to the
 * <b>sender thread</b> ({@code leasehold-sender-*}), which may block when the cluster is unreachable;
 * it also runs each lease's validity timer, which declares the lease lost the moment its local
 * validity runs out. Neither thread runs user code: listeners run on the instance's listener thread.
 *
 * <p>One request per owner member per period ({@link RenewOnMember}), carrying every lease of this
 * instance that member owns, so they fall into step whatever their number. On the member each
 * partition is a separate operation and the answer comes after at most a quarter of the shortest TTL
 * with what was confirmed: a slow or dead partition holds up only its own leases, retried soon. Leases this instance
 * keeps alive are renewed ({@link Renew}); leases it holds locks on but does not keep alive
 * are read ({@link LeaseRead}), so their validity follows whoever renews them.
 */
final class Renewals {

    private static final Logger LOG = LoggerFactory.getLogger(Renewals.class);
    static final long TICK_MILLIS = 50;
    /** A request unanswered this long (or a third of the shortest TTL, if longer) no longer stops the next. */
    private static final long STUCK_MILLIS = 100;
    private static final long RETRY_MILLIS = 200;

    private final Cluster cluster;
    private final Calls calls;
    private final LocalLeases leases;
    private final ClientMetrics metrics;
    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService sender;
    static final String EXECUTOR = "leasehold.keepalive";
    /** (owner member, renew?) -> when its request in flight was sent. */
    private final Map<String, Long> inFlight = new ConcurrentHashMap<>();

    Renewals(Cluster cluster, Calls calls, LocalLeases leases, ClientMetrics metrics) {
        this.cluster = cluster;
        this.calls = calls;
        this.leases = leases;
        this.metrics = metrics;
        String tag = cluster.hexTag();
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "leasehold-keepalive-" + tag);
            t.setDaemon(true);
            return t;
        });
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "leasehold-sender-" + tag);
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    void shutdown() {
        timer.shutdownNow();
        sender.shutdownNow();
    }

    /** Arms the lease's validity timer for its current validity (called after every confirmation). */
    void arm(LocalLease lease) {
        if (lease.expiryTimer != null && !lease.expiryTimer.isDone()) {
            return; // the armed timer re-arms itself when it fires early
        }
        long delay = Math.max(0, lease.validUntilNanos() - calls.nanoTime());
        try {
            lease.expiryTimer = timer.schedule(() -> checkValidity(lease), delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Leasehold instance closed; {} is not watched", lease.describe());
        }
    }

    private void checkValidity(LocalLease lease) {
        if (lease.lostReason() != null) {
            return;
        }
        long now = calls.nanoTime();
        if (lease.isValid(now)) {
            lease.expiryTimer = null;
            arm(lease);
            return;
        }
        leases.leaseLost(lease, lease.ownLeaseTime
                ? "the lease time of " + lease.describe() + " (" + lease.ttlMillis + " ms) has run out, less the"
                        + " safety margin: the lock may be lost, and the cluster frees it at the lease's deadline"
                : "no renewal of " + lease.describe() + " was confirmed within its TTL (" + lease.ttlMillis
                        + " ms) minus the safety margin");
    }

    private void tick() {
        try {
            long now = calls.nanoTime();
            Map<String, List<LocalLease>> groups = new HashMap<>();
            Map<String, Member> owners = new HashMap<>();
            Set<String> due = new HashSet<>();
            for (LocalLease lease : leases.all()) {
                if (lease.lostReason() != null) {
                    continue;
                }
                boolean renew = lease.keepAlive;
                if (!renew && lease.holds.isEmpty()) {
                    continue;
                }
                Member owner = cluster.ownerOf(lease.id);
                String key = (owner == null ? "?" : owner.getUuid().toString()) + (renew ? "/renew" : "/read");
                owners.put(key, owner);
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(lease);
                if (now - lease.nextRenewNanos >= 0) {
                    due.add(key);
                }
            }
            for (Map.Entry<String, List<LocalLease>> group : groups.entrySet()) {
                String key = group.getKey();
                if (!due.contains(key)) {
                    continue;
                }
                long shortest = group.getValue().stream().mapToLong(l -> l.ttlMillis).min().orElse(0);
                Long sentAt = inFlight.get(key);
                long stuck = Math.max(TimeUnit.MILLISECONDS.toNanos(STUCK_MILLIS), TimeUnit.MILLISECONDS.toNanos(shortest / 3));
                if (sentAt != null && now - sentAt < stuck) {
                    continue;
                }
                inFlight.put(key, now);
                send(key, owners.get(key), group.getValue(), key.endsWith("/renew"), Math.max(50, shortest / 4), now);
            }
        } catch (RuntimeException e) {
            LOG.debug("Leasehold keep-alive tick failed", e);
        }
    }

    private void send(String key, Member owner, List<LocalLease> group, boolean renew, long waitMillis, long sentAt) {
        Map<Long, LocalLease> byId = new HashMap<>();
        group.forEach(l -> byId.put(l.id, l));
        Set<Long> ids = new HashSet<>(byId.keySet());
        try {
            sender.execute(() -> {
                try {
                    CompletionStage<Map<Long, LeaseReply>> replies;
                    if (owner == null) {
                        // The partition table is not known yet: the map routes each lease itself.
                        replies = cluster.leases().submitToKeys(ids,
                                renew ? new Renew() : new LeaseRead(false));
                    } else {
                        IExecutorService executor = cluster.hz().getExecutorService(EXECUTOR);
                        replies = asStage(executor.submitToMember(new RenewOnMember(ids, renew, waitMillis), owner))
                                .thenApplyAsync(RenewOnMember.Replies::replies, calls.continuations());
                    }
                    replies.whenCompleteAsync((answer, error) -> {
                        inFlight.remove(key, sentAt);
                        answered(byId, sentAt, answer, error, renew);
                    }, calls.continuations());
                } catch (RuntimeException e) {
                    inFlight.remove(key, sentAt);
                    retrySoon(byId.values());
                    LOG.debug("Leasehold keep-alive could not send", e);
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.remove(key, sentAt);
        }
    }

    private void answered(Map<Long, LocalLease> byId, long sentAt, Map<Long, LeaseReply> replies, Throwable error,
                          boolean renew) {
        if (error != null) {
            metrics.keepAliveFailed();
            LOG.debug("Leasehold keep-alive of {} leases failed; their validity keeps counting down", byId.size(), error);
            retrySoon(byId.values());
            return;
        }
        metrics.keepAlive();
        List<LocalLease> unanswered = new ArrayList<>();
        for (LocalLease lease : byId.values()) {
            LeaseReply reply = replies.get(lease.id);
            if (reply == null) {
                unanswered.add(lease); // its partition was slow: try again soon, validity keeps counting
            } else if (reply.isOk()) {
                leases.confirmed(lease, sentAt, reply, renew);
            } else {
                leases.leaseLost(lease, lease.describe() + " was found " + Describe.failure(reply.failure())
                        + " when " + (renew ? "renewing" : "reading") + " it");
            }
        }
        retrySoon(unanswered);
    }

    private void retrySoon(Iterable<LocalLease> leases) {
        long retryAt = calls.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
        leases.forEach(lease -> lease.nextRenewNanos = retryAt);
    }

    /** Hazelcast's executor futures are completion stages; the interface it returns does not say so. */
    @SuppressWarnings("unchecked")
    private static <T> CompletionStage<T> asStage(java.util.concurrent.Future<T> future) {
        return (CompletionStage<T>) future;
    }
}
