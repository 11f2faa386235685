package io.leasehold.hazelcast.internal;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.Partition;
import io.leasehold.hazelcast.MemberSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Leasehold's per-member state: the clock the entry processors decide with, the expiry heap of the
 * leases this member owns, and the revoker thread that drains it.
 *
 * <p>The revoker pops due leases in batches (at most the configured rate), revokes them with one
 * {@link Processors.RevokeExpired} request (which re-checks every deadline on the owner), then
 * releases the locks each revoked lease still holds with one {@link Processors.ReleaseLeases}
 * request. A failed revoke re-arms its leases; a failed release is retried until it succeeds.
 *
 * <p>A reconciliation pass, periodic and after every migration, adds to the heap any owned lease
 * it lacks (a partition taken over after a crash or a migration), with a grace period first.
 */
public final class MemberService {

    static final String CONTEXT_KEY = "io.leasehold.member-service";
    private static final Logger LOG = LoggerFactory.getLogger(MemberService.class);
    private static final long RETRY_DELAY_MILLIS = 100;

    private final MemberSettings settings;
    private final HazelcastInstance hz;
    private final LongSupplier clock;
    private final LeaseDecisions.TtlPolicy ttlPolicy;
    private final ExpiryTracker expiry = new ExpiryTracker();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicLong renewRequests = new AtomicLong();
    private final AtomicLong revokedLeases = new AtomicLong();
    private final ScheduledExecutorService background;
    private Thread revoker;

    MemberService(MemberSettings settings, HazelcastInstance hz) {
        this.settings = settings;
        this.hz = hz;
        this.clock = settings.clock() != null ? settings.clock() : () -> hz.getCluster().getClusterTime();
        this.ttlPolicy = new LeaseDecisions.TtlPolicy(settings.minTtl().toMillis(), settings.maxTtl().toMillis());
        this.background = Executors.newSingleThreadScheduledExecutor(daemon("leasehold-reconcile-" + hz.getName()));
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

    long now() {
        return clock.getAsLong();
    }

    LeaseDecisions.TtlPolicy ttlPolicy() {
        return ttlPolicy;
    }

    ExpiryTracker expiry() {
        return expiry;
    }

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

    void countRenewRequest() {
        renewRequests.incrementAndGet();
    }

    void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        revoker = daemon("leasehold-revoker-" + hz.getName()).newThread(this::revokeLoop);
        revoker.start();
        long every = settings.reconcileInterval().toMillis();
        background.scheduleWithFixedDelay(this::reconcileQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    void shutdown() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        background.shutdownNow();
        if (revoker != null) {
            revoker.interrupt();
        }
    }

    /** Asks for a reconciliation pass soon (after a migration). */
    void requestReconcile() {
        if (running.get()) {
            background.schedule(this::reconcileQuietly, 200, TimeUnit.MILLISECONDS);
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
            replies = leases.executeOnKeys(due.keySet(), new Processors.RevokeExpired(due));
        } catch (RuntimeException e) {
            long retryAt = Time.add(now(), RETRY_DELAY_MILLIS);
            due.keySet().forEach(id -> expiry.retry(id, retryAt));
            if (running.get()) {
                LOG.warn("Leasehold revoke of {} leases failed; retrying", due.size(), e);
            }
            return;
        }
        Set<Long> revoked = new HashSet<>();
        Set<String> keys = new HashSet<>();
        for (Long id : due.keySet()) {
            LeaseReply reply = replies.get(id);
            if (reply == null || reply.failure() == LeaseDecisions.Failure.NOT_FOUND) {
                expiry.untrack(id);
            } else if (reply.isOk()) {
                expiry.untrack(id);
                revoked.add(id);
                keys.addAll(reply.keys());
            } else {
                expiry.retry(id, Math.max(reply.deadline(), due.get(id)));
            }
        }
        revokedLeases.addAndGet(revoked.size());
        if (!revoked.isEmpty()) {
            LOG.debug("Leasehold revoked {} expired leases on {}", revoked.size(), hz.getName());
        }
        if (!keys.isEmpty()) {
            releaseLocks(revoked, keys);
        }
    }

    private void releaseLocks(Set<Long> revoked, Set<String> keys) {
        try {
            IMap<String, LockRecord> locks = hz.getMap(Maps.LOCKS);
            locks.executeOnKeys(keys, new Processors.ReleaseLeases(revoked))
                    .forEach((name, reply) -> HandoffNotice.sendIfHandedOff(hz, name, reply));
        } catch (RuntimeException e) {
            if (!running.get()) {
                return;
            }
            LOG.warn("Leasehold could not release {} locks of revoked leases; retrying", keys.size(), e);
            background.schedule(() -> releaseLocks(revoked, keys), RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private boolean ownsLease(long leaseId) {
        Partition partition = hz.getPartitionService().getPartition(leaseId);
        Member owner = partition.getOwner();
        return owner != null && owner.localMember();
    }

    // ------------------------------------------------------------------ reconciliation

    private void reconcileQuietly() {
        try {
            reconcile();
        } catch (HazelcastInstanceNotActiveException e) {
            shutdown();
        } catch (RuntimeException e) {
            LOG.warn("Leasehold reconciliation on {} failed; next pass will try again", hz.getName(), e);
        }
    }

    /** Tracks every lease this member owns that its heap lacks, with a grace period first. */
    void reconcile() {
        IMap<Long, LeaseRecord> leases = hz.getMap(Maps.LEASES);
        Set<Long> missing = new HashSet<>();
        for (Long id : leases.localKeySet()) {
            if (!expiry.isTracked(id)) {
                missing.add(id);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        Map<Long, LeaseRecord> records = new HashMap<>(leases.getAll(missing));
        long graceUntil = Time.add(now(), settings.promotionGrace().toMillis());
        // Spread a pile-up (etcd's Promote): leases due inside the grace window are revoked no
        // faster than the revoke rate allows, in deadline order, starting when the grace ends.
        List<Map.Entry<Long, LeaseRecord>> byDeadline = new ArrayList<>(records.entrySet());
        byDeadline.sort(Comparator.comparingLong(e -> e.getValue().deadline()));
        double perLeaseMillis = 1_000.0 / settings.revokeRatePerSecond();
        int added = 0;
        int piled = 0;
        for (Map.Entry<Long, LeaseRecord> e : byDeadline) {
            long deadline = e.getValue().deadline();
            long bound = deadline;
            if (deadline <= graceUntil) {
                bound = Time.add(graceUntil, (long) (piled++ * perLeaseMillis));
            }
            if (expiry.trackIfAbsent(e.getKey(), bound)) {
                added++;
            }
        }
        if (added > 0) {
            LOG.info("Leasehold member {} took over {} leases; revoking none before {} ms of grace",
                    hz.getName(), added, settings.promotionGrace().toMillis());
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
