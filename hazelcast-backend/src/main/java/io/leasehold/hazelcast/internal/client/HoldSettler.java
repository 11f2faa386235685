package io.leasehold.hazelcast.internal.client;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import io.leasehold.hazelcast.internal.core.Describe;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.core.Time;
import io.leasehold.hazelcast.internal.core.Maps;
import io.leasehold.hazelcast.internal.protocol.Cancel;
import io.leasehold.hazelcast.internal.protocol.LocalMember;
import io.leasehold.hazelcast.internal.protocol.Release;
import io.leasehold.hazelcast.internal.protocol.Revoke;
import io.leasehold.LeaseNotFoundException;
import io.leasehold.LeaseholdUnavailableException;
import io.leasehold.LockNotHeldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Releases holds and settles waiter entries, so every call ends in a known state on the cluster.
 *
 * <p>{@link #releaseInBackground} is {@code unlock()}: it sends the release and returns; the answer
 * makes the hold UNLOCKED. {@link #release} is {@code unlockAndWait()}: it sends the release with the
 * hold's id, retrying while the outcome is unknown; the hold becomes UNLOCKED only when the cluster
 * has answered. When the answer does not come, the caller is told so and the <b>settler thread</b>
 * ({@code leasehold-settler-*}) keeps retrying in the background, as it does for a waiter whose
 * {@code tryLock} gave up with its entry in an unknown state ({@link #settleWaiter}: cancel, and if the
 * lock had been handed over meanwhile, release it). Nothing else runs on that thread.
 */
final class HoldSettler {

    private static final Logger LOG = LoggerFactory.getLogger(HoldSettler.class);
    private static final long FIRST_RETRY_MILLIS = 100;
    private static final long MAX_RETRY_MILLIS = 2_000;

    private final Cluster cluster;
    private final Calls calls;
    private final InstanceLifecycle lifecycle;
    /**
     * How a release is sent without the map proxy's future: as a partition operation on a member
     * ({@link LocalMember#executeOnKey}), as the client's own request on a client
     * ({@link ClientEntryCalls}); null if neither can be reached.
     */
    private final DirectCall direct;
    private final ScheduledExecutorService settler;
    private final Set<Object> pending = ConcurrentHashMap.newKeySet();
    /** Per lock, this instance's release still on its way: the hold it releases, done once it is answered. */
    private final Map<String, InFlight> inFlight = new ConcurrentHashMap<>();

    private record InFlight(Hold hold, CompletableFuture<Void> done) {
    }

    HoldSettler(Cluster cluster, Calls calls, InstanceLifecycle lifecycle) {
        this.cluster = cluster;
        this.calls = calls;
        this.lifecycle = lifecycle;
        this.direct = directCall(cluster.hz());
        this.settler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "leasehold-settler-" + cluster.hexTag());
            t.setDaemon(true);
            return t;
        });
    }

    /** Holds and waiter entries still being settled in the background. */
    int pending() {
        return pending.size();
    }

    /**
     * unlock(): sends the release and returns. The answer is read on the instance's async threads: the
     * hold becomes UNLOCKED; an unknown outcome keeps the settler releasing it until the cluster
     * answers; a release that finds the hold gone (it was lost before the unlock) is logged. The same
     * instance's next acquire or read of that lock waits for this release first ({@link #awaitRelease}).
     */
    void releaseInBackground(Hold hold) {
        String name = hold.lockName();
        CompletableFuture<Void> done = new CompletableFuture<>();
        inFlight.put(name, new InFlight(hold, done));
        if (direct != null && releaseDirectly(hold, done)) {
            return;
        }
        // A blocking call on one of the instance's async threads, not a callback on Hazelcast's future:
        // on a member that callback completes through Hazelcast's default async executor, which starts
        // a new thread per callback when the common pool has one thread (2 cores).
        calls.continuations().execute(() -> {
            try {
                releasedInBackground(hold, sendRelease(hold));
            } catch (RuntimeException e) {
                LOG.debug("Leasehold could not confirm the release of lock '{}'; settling it", name, e);
                settleRelease(hold);
            } finally {
                released(name, hold, done);
                done.complete(null);
            }
        });
    }

    /** An entry processor sent without the map proxy's future; the answer goes to a callback that must not block. */
    @FunctionalInterface
    private interface DirectCall {
        void executeOnKey(String mapName, Object key, EntryProcessor<?, ?, ?> processor,
                          BiConsumer<Object, Throwable> onAnswer);
    }

    private static DirectCall directCall(HazelcastInstance hz) {
        LocalMember member = LocalMember.find(hz);
        if (member != null) {
            return member::executeOnKey;
        }
        ClientEntryCalls client = ClientEntryCalls.find(hz);
        return client != null ? client::executeOnKey : null;
    }

    /**
     * The release goes out without the map proxy's future (on a member a partition operation of its own,
     * on a client the client's own request), and its answer is read on the thread that receives it (a
     * partition thread, a member's response thread, a client's I/O or response thread), so no thread of
     * the instance wakes to send it or to wait for it. The common answer (released, on the instance's
     * session) is settled there, without blocking; anything else goes to an async thread. False if it
     * could not be sent (the caller then sends it the blocking way).
     */
    private boolean releaseDirectly(Hold hold, CompletableFuture<Void> done) {
        String name = hold.lockName();
        try {
            direct.executeOnKey(Maps.LOCKS, name, new Release(hold.holdId()),
                    (reply, error) -> answered(hold, done, reply, error));
            return true;
        } catch (RuntimeException e) {
            LOG.debug("Leasehold sends the release of lock '{}' the blocking way", name, e);
            return false;
        }
    }

    /**
     * The answer to a release sent without the map proxy (from a member or a client), on the thread
     * that received it: nothing here blocks.
     */
    private void answered(Hold hold, CompletableFuture<Void> done, Object reply, Throwable error) {
        String name = hold.lockName();
        if (error == null && !hold.ownLease && reply instanceof LockReply r && r.code() == LockReply.Code.RELEASED) {
            hold.markUnlocked();
            released(name, hold, done);
            done.complete(null);
            return;
        }
        calls.continuations().execute(() -> {
            try {
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null
                            ? error.getCause() : error;
                    if (Outcomes.kind(cause) == Outcomes.Kind.UNKNOWN) {
                        hold.releaseMaybeApplied = true;
                    }
                    LOG.debug("Leasehold could not confirm the release of lock '{}'; settling it", name, cause);
                    settleRelease(hold);
                } else {
                    releasedInBackground(hold, (LockReply) reply);
                }
            } finally {
                released(name, hold, done);
                done.complete(null);
            }
        });
    }

    private void releasedInBackground(Hold hold, LockReply reply) {
        hold.markUnlocked();
        if (hold.ownLease) {
            revokeQuietly(hold.leaseId());
        }
        if (reply.code() == LockReply.Code.NOT_HELD && !hold.releaseMaybeApplied) {
            String reason = hold.lostReason != null ? hold.lostReason : hold.lease().lostReason();
            LOG.info("Leasehold unlocked lock '{}' (fence {}), which {} no longer held: {}", hold.lockName(),
                    hold.fence(), LeaseNotFoundException.format(hold.leaseId()),
                    reason != null ? reason : Describe.holder(reply));
        }
    }

    private void released(String name, Hold hold, CompletableFuture<Void> done) {
        inFlight.remove(name, new InFlight(hold, done));
    }

    /**
     * The hold of this instance's release of lock {@code name} still in flight, 0 if none: the next
     * acquire carries it and the member applies it first if the acquire arrives first, so the
     * acquire need not wait for the release's answer. The release's own answer may then find the hold
     * gone, which is no news.
     */
    long carryRelease(String name) {
        InFlight release = inFlight.get(name);
        if (release == null) {
            return 0;
        }
        release.hold().releaseMaybeApplied = true;
        return release.hold().holdId();
    }

    /**
     * Waits, at most one try's time, for a release of this lock that this instance sent and has not
     * heard back from: the instance's own acquire or read of a lock comes after its own release.
     */
    void awaitRelease(String name) {
        InFlight release = inFlight.get(name);
        if (release == null) {
            return;
        }
        CompletableFuture<Void> pendingRelease = release.done();
        try {
            pendingRelease.get(Time.ATTEMPT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("Leasehold went on without the answer to its release of lock '{}'", name);
        }
    }

    /** unlockAndWait(): release with retries; on an unknown outcome, settles in the background and says so. */
    void release(Hold hold, boolean lost) {
        String what = Describe.lock(hold.lockName());
        LockReply reply;
        try {
            reply = calls.retrying(() -> sendRelease(hold), what);
        } catch (LeaseholdUnavailableException e) {
            settleRelease(hold);
            throw new LeaseholdUnavailableException(what + " (fence " + hold.fence() + "): the release was not"
                    + " confirmed (" + e.getMessage() + "); it is retried in the background until the cluster"
                    + " answers, and unlock() may be called again", e.getCause() != null ? e.getCause() : e);
        }
        finished(hold, reply, lost);
    }

    private LockReply sendRelease(Hold hold) {
        try {
            return cluster.locks().executeOnKey(hold.lockName(), new Release(hold.holdId()));
        } catch (RuntimeException e) {
            if (Outcomes.kind(e) == Outcomes.Kind.UNKNOWN) {
                hold.releaseMaybeApplied = true;
            }
            throw e;
        }
    }

    private void finished(Hold hold, LockReply reply, boolean lost) {
        hold.markUnlocked();
        if (hold.ownLease) {
            revokeQuietly(hold.leaseId());
        }
        if (reply.code() == LockReply.Code.RELEASED && !lost) {
            return;
        }
        if (reply.code() == LockReply.Code.NOT_HELD && hold.releaseMaybeApplied && !lost) {
            return; // an earlier try, whose answer was lost, released it
        }
        String reason = hold.lostReason != null ? hold.lostReason : hold.lease().lostReason();
        if (reply.code() == LockReply.Code.RELEASED) {
            throw new LockNotHeldException(hold.lockName(), hold.fence(), "lost before unlock: " + reason);
        }
        throw new LockNotHeldException(hold.lockName(), hold.fence(), "not held by "
                + LeaseNotFoundException.format(hold.leaseId())
                + (reason != null ? " (" + reason + ")" : " (its lease expired or was revoked)")
                + "; " + Describe.holder(reply));
    }

    /** Keeps releasing the hold in the background until the cluster answers. */
    void settleRelease(Hold hold) {
        if (pending.add(hold)) {
            schedule(() -> trySettleRelease(hold), FIRST_RETRY_MILLIS);
        }
    }

    private void trySettleRelease(Hold hold) {
        if (hold.state() == Hold.State.UNLOCKED) {
            pending.remove(hold);
            return;
        }
        try {
            LockReply reply = sendRelease(hold);
            pending.remove(hold);
            // A hold released because its lease was lost stays LOST: its own unlock() will say so.
            Hold.State s = hold.state();
            if (s == Hold.State.RELEASING || s == Hold.State.RELEASING_LOST) {
                hold.markUnlocked();
            }
            if (hold.ownLease) {
                revokeQuietly(hold.leaseId());
            }
            LOG.debug("Leasehold settled the release of lock '{}': {}", hold.lockName(), reply.code());
        } catch (RuntimeException e) {
            retryLater(hold, () -> trySettleRelease(hold), e);
        }
    }

    /** A waiter gave up with its entry in an unknown state: cancel it, and release what it was handed. */
    void settleWaiter(String name, long holdId, LocalLease lease) {
        Object key = name + "#" + holdId;
        if (pending.add(key)) {
            schedule(() -> trySettleWaiter(key, name, holdId, lease), 0);
        }
    }

    private void trySettleWaiter(Object key, String name, long holdId, LocalLease lease) {
        try {
            LockReply reply = Calls.bounded(cluster.locks().submitToKey(name, new Cancel(holdId)));
            if (reply.code() == LockReply.Code.GRANTED) {
                Calls.bounded(cluster.locks().submitToKey(name, new Release(holdId)));
            }
            pending.remove(key);
            LOG.debug("Leasehold settled a waiter of lock '{}' on {}", name, lease.describe());
        } catch (RuntimeException e) {
            retryLater(key, () -> trySettleWaiter(key, name, holdId, lease), e);
        }
    }

    private void retryLater(Object key, Runnable task, RuntimeException e) {
        if (Outcomes.kind(e) == Outcomes.Kind.OURS || lifecycle.isClosed()) {
            pending.remove(key);
            LOG.debug("Leasehold stopped settling {}", key, e);
            return;
        }
        long delay = Math.min(MAX_RETRY_MILLIS, FIRST_RETRY_MILLIS * (1L << Math.min(5, pending.size())));
        schedule(task, delay);
    }

    private void schedule(Runnable task, long delayMillis) {
        try {
            settler.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Leasehold instance closed; the session's revoke settles what is left");
        }
    }

    /** Revokes a lease in the background (a lock's own lease, once the lock is released). */
    void revokeQuietly(long leaseId) {
        cluster.leases().submitToKey(leaseId, new Revoke()).whenCompleteAsync((reply, error) -> {
            if (error != null) {
                LOG.debug("Leasehold could not revoke {}; it expires by itself", Describe.lease(leaseId), error);
            }
        }, calls.continuations());
    }

    void shutdown() {
        settler.shutdownNow();
    }
}
