package io.leasehold.hazelcast.internal.member;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.IMap;
import com.hazelcast.spi.impl.operationservice.OperationService;
import com.hazelcast.spi.impl.operationservice.impl.InvocationFuture;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.Maps;
import io.leasehold.hazelcast.internal.protocol.LeasesEndedOperation;
import io.leasehold.hazelcast.internal.protocol.ReleaseLeasePermits;
import io.leasehold.hazelcast.internal.protocol.ReleaseLeases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The end of a lease, on one member: the one path by which a lease that was revoked or expired
 * frees what it held.
 *
 * <ul>
 *   <li><b>Telling.</b> The lease's owner removes its record and calls {@link #leaseEnded}; the ids
 *       are batched for 2 ms and sent on the dispatch thread as one {@link LeasesEndedOperation} per
 *       member ({@link #tellAll}). A revoke that must return with the locks free waits for the
 *       answers ({@link #tellAllAndWait}).</li>
 *   <li><b>Hearing.</b> Each member remembers the ended ids for two minutes ({@link #hasEnded}: an
 *       acquire with such a lease is refused), looks up the names of its own locks they hold or wait
 *       on in its {@link LockIndex} ({@link #endedHere}), and frees them on a lease-end thread
 *       ({@link #freeLater}), one {@link ReleaseLeases} batch per thousand names.</li>
 * </ul>
 * A member that misses the news leaves those locks to the lazy path: the next acquirer clears a
 * holder whose lease is gone, within one TTL.
 */
final class LeaseEnds {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseEnds.class);
    private static final long RETRY_DELAY_MILLIS = 100;
    private static final long BATCH_DELAY_MILLIS = 2;
    private static final int FREE_BATCH = 1_000;
    /** How often a wait for answers looks again whether the members it waits for can still be reached. */
    private static final long REACH_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    static final Duration ENDED_MEMORY = Duration.ofMinutes(2);

    private final HazelcastInstance hz;
    private final OperationService operations;
    private final LockIndex index;
    private final MemberCounters counters;
    private final ScheduledExecutorService dispatch;
    private final ExecutorService endsWorker;
    private final LongSupplier nanos;
    private final Predicate<Member> reachable;
    /** Leases this member heard ended, for {@link #ENDED_MEMORY} on the member's clock. */
    private final Cache<Long, Boolean> ended;
    private final Set<Long> toSend = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private volatile boolean running = true;

    LeaseEnds(HazelcastInstance hz, OperationService operations, LockIndex index, MemberCounters counters,
              ScheduledExecutorService dispatch, ExecutorService endsWorker, Executor maintenance,
              LongSupplier memberMillis, LongSupplier nanos, Predicate<Member> reachable) {
        this.hz = hz;
        this.operations = operations;
        this.index = index;
        this.counters = counters;
        this.dispatch = dispatch;
        this.endsWorker = endsWorker;
        this.nanos = nanos;
        this.reachable = reachable;
        // The member clock in nanoseconds; a product that wraps still gives Caffeine right differences.
        Ticker ticker = () -> memberMillis.getAsLong() * 1_000_000L;
        // Caffeine's upkeep runs on the member's background thread; once that has stopped (the member
        // is shutting down and a last revoke still ends a lease) it runs in place, without a warning.
        Executor upkeep = task -> {
            try {
                maintenance.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        };
        this.ended = Caffeine.newBuilder().expireAfterWrite(ENDED_MEMORY).ticker(ticker).executor(upkeep).build();
    }

    /** A lease's owner removed it: every member will hear it, batched. */
    void leaseEnded(long leaseId) {
        toSend.add(leaseId);
        if (flushScheduled.compareAndSet(false, true)) {
            try {
                dispatch.schedule(this::flush, BATCH_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                flushScheduled.set(false);
            }
        }
    }

    /** True if this member has heard that the lease ended (within {@link #ENDED_MEMORY}). */
    boolean hasEnded(long leaseId) {
        return ended.getIfPresent(leaseId) != null;
    }

    /** Remembers that these leases ended; the names of this member's locks they hold or wait on. */
    Set<String> endedHere(Set<Long> leaseIds) {
        for (Long id : leaseIds) {
            ended.put(id, Boolean.TRUE);
        }
        return index.names(leaseIds);
    }

    /**
     * Frees those locks on a lease-end thread, then passes on how many records changed: exactly once,
     * 0 if it failed or the member stopped first (the lazy path frees them then).
     */
    void freeLater(Set<Long> leaseIds, Set<String> names, IntConsumer done) {
        freeLater(leaseIds, names, Set.of(), done);
    }

    /** {@link #freeLater} for locks and for the holds map's keys (semaphores, read-write locks) together. */
    void freeLater(Set<Long> leaseIds, Set<String> names, Set<String> holdKeys, IntConsumer done) {
        try {
            endsWorker.execute(new FreeTask(leaseIds, names, holdKeys, done));
        } catch (RejectedExecutionException e) {
            done.accept(0);
        }
    }

    /** Tells every member, this one included, that these leases ended; each future answers its count. */
    List<InvocationFuture<Integer>> tellAll(Set<Long> leaseIds) {
        return tellAll(List.copyOf(hz.getCluster().getMembers()), leaseIds);
    }

    private List<InvocationFuture<Integer>> tellAll(List<Member> members, Set<Long> leaseIds) {
        List<InvocationFuture<Integer>> sent = new ArrayList<>();
        for (Member member : members) {
            sent.add(operations.invokeOnTarget(LeasesEndedOperation.SERVICE_NAME,
                    new LeasesEndedOperation(new HashSet<>(leaseIds)), member.getAddress()));
        }
        return sent;
    }

    /**
     * {@link #tellAll} and waits, at most {@code timeoutMillis} in all, for the answers of the members
     * it can reach: the locks those leases held there are free when it returns. A member this one has
     * no live connection to (cut off, or dead and not yet removed) is not waited for: it frees them
     * when the news reaches it, its partitions' new owners do, or the lazy path does within one TTL.
     * Answers how many records changed.
     */
    int tellAllAndWait(Set<Long> leaseIds, long timeoutMillis) {
        long until = nanos.getAsLong() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        List<Member> members = List.copyOf(hz.getCluster().getMembers());
        List<InvocationFuture<Integer>> sent = tellAll(members, leaseIds);
        int changed = 0;
        boolean[] settled = new boolean[sent.size()];
        while (true) {
            List<CompletableFuture<Integer>> waiting = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                if (settled[i]) {
                    continue;
                }
                InvocationFuture<Integer> f = sent.get(i);
                if (f.isDone()) {
                    settled[i] = true;
                    changed += answer(f, leaseIds);
                } else if (!reachable.test(members.get(i))) {
                    settled[i] = true;
                    LOG.debug("Leasehold member {}: not waiting for {}, which it cannot reach, to free the locks of"
                            + " {} ended leases", hz.getName(), members.get(i), leaseIds.size());
                } else {
                    waiting.add(f);
                }
            }
            long left = until - nanos.getAsLong();
            if (waiting.isEmpty()) {
                return changed;
            }
            if (left <= 0) {
                LOG.debug("Leasehold member {}: {} members did not confirm freeing the locks of {} ended leases in"
                        + " {} ms", hz.getName(), waiting.size(), leaseIds.size(), timeoutMillis);
                return changed;
            }
            try {
                CompletableFuture.anyOf(waiting.toArray(CompletableFuture[]::new))
                        .get(Math.min(left, REACH_CHECK_NANOS), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return changed;
            } catch (ExecutionException | TimeoutException e) {
                // looked at above, in the next round
            }
        }
    }

    private int answer(InvocationFuture<Integer> f, Set<Long> leaseIds) {
        try {
            Integer n = f.getNow(0);
            return n == null ? 0 : n;
        } catch (RuntimeException e) {
            LOG.debug("Leasehold member {}: a member did not confirm freeing the locks of {} ended leases",
                    hz.getName(), leaseIds.size(), e);
            return 0;
        }
    }

    /** Stops sending; the tasks not yet run answer 0, so no caller waits for a member that stopped. */
    void shutdown() {
        running = false;
        for (Runnable dropped : endsWorker.shutdownNow()) {
            if (dropped instanceof FreeTask task) {
                task.dropped();
            }
        }
    }

    /**
     * Runs a callback on the dispatch thread; once it has stopped (the member is shutting down) the
     * callback, which only logs, is dropped rather than failing Hazelcast's response thread.
     */
    private void dispatchUnlessStopped(Runnable callback) {
        try {
            dispatch.execute(callback);
        } catch (RejectedExecutionException stopped) {
            LOG.debug("Leasehold member {} is stopping; an answer to its lease ends is not looked at", hz.getName());
        }
    }

    private void flush() {
        flushScheduled.set(false);
        Set<Long> batch = new HashSet<>();
        for (Long id : toSend) {
            if (toSend.remove(id)) {
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
                        LOG.debug("Leasehold member {}: a member did not take {} lease ends", hz.getName(),
                                batch.size(), error);
                    }
                }, this::dispatchUnlessStopped);
            }
        } catch (HazelcastInstanceNotActiveException e) {
            LOG.debug("Leasehold member {} stopped before telling {} lease ends", hz.getName(), batch.size());
        } catch (RuntimeException e) {
            // The lazy path frees those locks within one TTL; keep the news for the next flush.
            LOG.debug("Leasehold member {} could not broadcast {} lease ends; retrying", hz.getName(), batch.size(), e);
            if (running) {
                toSend.addAll(batch);
                try {
                    dispatch.schedule(this::flush, RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopped) {
                    LOG.debug("Leasehold member {} is stopping; {} lease ends left to the lazy path", hz.getName(),
                            batch.size());
                }
            }
        }
    }

    /** Frees the permits and holds of ended leases in the holds map, a thousand keys a batch. */
    private int freeHolds(Set<Long> leaseIds, Set<String> keys) {
        IMap<String, HoldRecord> holds = hz.getMap(Maps.HOLDS);
        int changed = 0;
        List<String> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += FREE_BATCH) {
            Set<String> slice = new HashSet<>(all.subList(from, Math.min(all.size(), from + FREE_BATCH)));
            changed += holds.executeOnKeys(slice, new ReleaseLeasePermits(leaseIds)).size();
        }
        counters.freedByEnd(changed);
        return changed;
    }

    private int free(Set<Long> leaseIds, Set<String> names) {
        if (names.isEmpty()) {
            return 0;
        }
        IMap<String, LockRecord> locks = hz.getMap(Maps.LOCKS);
        int changed = 0;
        List<String> all = new ArrayList<>(names);
        for (int from = 0; from < all.size(); from += FREE_BATCH) {
            Set<String> slice = new HashSet<>(all.subList(from, Math.min(all.size(), from + FREE_BATCH)));
            changed += locks.executeOnKeys(slice, new ReleaseLeases(leaseIds)).size();
        }
        counters.freedByEnd(changed);
        return changed;
    }

    /** One batch of ended leases to free on a lease-end thread; answers once, even when dropped at shutdown. */
    private final class FreeTask implements Runnable {
        private final Set<Long> leaseIds;
        private final Set<String> names;
        private final Set<String> holdKeys;
        private final IntConsumer done;

        FreeTask(Set<Long> leaseIds, Set<String> names, Set<String> holdKeys, IntConsumer done) {
            this.leaseIds = leaseIds;
            this.names = names;
            this.holdKeys = holdKeys;
            this.done = done;
        }

        @Override
        public void run() {
            int changed = 0;
            try {
                changed = free(leaseIds, names);
                if (!holdKeys.isEmpty()) {
                    changed += freeHolds(leaseIds, holdKeys);
                }
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
}
