package io.leasehold.hazelcast.internal.member;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import io.leasehold.hazelcast.internal.core.Maps;
import io.leasehold.hazelcast.internal.core.RevokeBudget;
import io.leasehold.hazelcast.internal.core.Time;
import io.leasehold.hazelcast.internal.protocol.RevokeExpired;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * The <b>revoker thread</b> ({@code leasehold-revoker-*}): drains the expiry heap of the leases this
 * member owns. It pops what is due, at most one batch and at most the configured rate
 * ({@link RevokeBudget}), and revokes the batch with one {@link RevokeExpired} request, which
 * re-checks every deadline on the owner, so a stale heap entry or a partition that just moved can
 * do no harm. Batches are pipelined: up to {@link #IN_FLIGHT} are on their way at once, so a pile-up
 * drains at the rate the partitions can serve, not one batch's round trip at a time. Their answers
 * are read on the <b>revoker's reply thread</b> ({@code leasehold-revoker-replies-*}): a lease that
 * was not due after all goes back in the heap with its later bound. Nothing else runs on either thread.
 */
final class Revoker implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Revoker.class);
    private static final long RETRY_DELAY_MILLIS = 100;
    /** Batches on their way at once. */
    static final int IN_FLIGHT = 4;

    private final HazelcastInstance hz;
    private final LocalEntryCalls entryCalls;
    private final ExpiryTracker expiry;
    private final MemberCounters counters;
    private final LongSupplier clock;
    private final int ratePerSecond;
    private final int batchSize;
    private final long tickMillis;
    private final Semaphore inFlight = new Semaphore(IN_FLIGHT);
    private final ExecutorService replies;
    private volatile boolean running = true;
    private volatile Thread thread;

    Revoker(HazelcastInstance hz, LocalEntryCalls entryCalls, ExpiryTracker expiry, MemberCounters counters, LongSupplier clock,
            MemberSettings settings) {
        this.hz = hz;
        this.entryCalls = entryCalls;
        this.expiry = expiry;
        this.counters = counters;
        this.clock = clock;
        this.ratePerSecond = settings.revokeRatePerSecond();
        this.batchSize = settings.revokeBatchSize();
        this.tickMillis = settings.revokerTick().toMillis();
        this.replies = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "leasehold-revoker-replies-" + hz.getName());
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        Thread t = new Thread(this, "leasehold-revoker-" + hz.getName());
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    void shutdown() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
        replies.shutdownNow();
    }

    @Override
    public void run() {
        RevokeBudget budget = new RevokeBudget(ratePerSecond, batchSize, clock.getAsLong());
        while (running) {
            try {
                long now = clock.getAsLong();
                int allowed = budget.available(now);
                Map<Long, Long> due = allowed > 0 ? expiry.pollDue(now, allowed, this::owns) : Map.of();
                if (due.isEmpty()) {
                    expiry.awaitWork(now, allowed > 0 ? tickMillis : 1);
                    continue;
                }
                inFlight.acquire();
                budget.spent(due.size());
                send(due);
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

    /**
     * Sends one batch without the map proxy's future ({@link LocalEntryCalls#executeOnKeys}: that
     * future completes through a new thread per batch on 2 cores); the answer is handed to the reply
     * thread from the thread that receives it.
     */
    private void send(Map<Long, Long> due) {
        try {
            entryCalls.<Long, LeaseReply>executeOnKeys(Maps.LEASES, due.keySet(), new RevokeExpired(due),
                    (answers, error) -> {
                        try {
                            replies.execute(() -> settle(due, answers, error));
                        } catch (RejectedExecutionException stopping) {
                            inFlight.release();
                        }
                    });
        } catch (RuntimeException e) {
            inFlight.release();
            failed(due, e);
        }
    }

    private void settle(Map<Long, Long> due, Map<Long, LeaseReply> answers, Throwable error) {
        try {
            if (error != null) {
                failed(due, error);
            } else {
                answered(due, answers);
            }
        } finally {
            inFlight.release();
        }
    }

    private void failed(Map<Long, Long> due, Throwable e) {
        long retryAt = Time.add(clock.getAsLong(), RETRY_DELAY_MILLIS);
        due.keySet().forEach(id -> expiry.retry(id, retryAt));
        if (running) {
            LOG.debug("Leasehold revoke of {} leases failed; retrying", due.size(), e);
        }
    }

    private void answered(Map<Long, Long> due, Map<Long, LeaseReply> answers) {
        int revoked = 0;
        long now = clock.getAsLong();
        for (Map.Entry<Long, Long> d : due.entrySet()) {
            LeaseReply reply = answers.get(d.getKey());
            boolean gone = reply == null || reply.failure() == LeaseDecisions.Failure.NOT_FOUND;
            if (gone || reply.isOk()) {
                // Ended here (the owner's end path untracked it already) or elsewhere: not ours to watch.
                expiry.untrack(d.getKey());
            } else {
                expiry.retry(d.getKey(), Math.max(reply.deadline(), d.getValue()));
            }
            if (!gone && reply.isOk()) {
                revoked++;
                counters.revokeLag(Math.max(0, Time.subtract(now, d.getValue())));
            }
        }
        counters.revoked(revoked);
        if (revoked > 0) {
            LOG.debug("Leasehold revoked {} expired leases on {}", revoked, hz.getName());
        }
    }

    private boolean owns(long leaseId) {
        Member owner = hz.getPartitionService().getPartition(leaseId).getOwner();
        return owner != null && owner.localMember();
    }
}
