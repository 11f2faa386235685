package io.leasehold.hazelcast.internal.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.leasehold.hazelcast.internal.core.Describe;
import io.leasehold.hazelcast.internal.core.HandoffNotice;
import io.leasehold.hazelcast.internal.core.Maps;
import io.leasehold.hazelcast.internal.protocol.LocalMember;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Handoffs and waiters: how a waiting {@code tryLock} of this instance hears that the lock was
 * handed to it. The member that hands a lock over wakes the waiter directly when the waiter runs on
 * it ({@link LocalMember}), and otherwise writes a {@link HandoffNotice} to this instance's own
 * notice map under the lock's name, in the lock's own partition; one listener per instance completes
 * the future the waiter parked on, found by the hold's wake code.
 *
 * <p>A notice can be lost with a member that died, or across a split and its merge. So every parked
 * waiter (of a lock, a semaphore or a read-write lock) re-checks its standing at once when the
 * membership changes, when a partition of the cluster changes owner (on a member), or when this
 * instance reconnects to the cluster (on a client), and otherwise once a second
 * ({@link LockImpl#HOLDER_CHECK_MILLIS}); and the listener is registered again and proven on every
 * member, with one more check of every waiter after each registration ({@link NoticeRegistration}).
 *
 * <p>The same channel carries an operator's force release of one of this instance's holds. A notice
 * of a hold whose handle does not exist yet (the handoff was just made) is kept for a short while,
 * bounded, and applied when the handle is made.
 */
final class Waiters {

    private static final Logger LOG = LoggerFactory.getLogger(Waiters.class);
    /** How long a force release heard before its handle is remembered; a handoff's handle is made at once. */
    private static final Duration FORCED_EARLY_MEMORY = Duration.ofMinutes(1);
    private static final int FORCED_EARLY_MAX = 1_000;

    /**
     * A tryLock parked on a handoff: the lock it waits for, the future a notice completes, and the
     * future a change of the cluster completes (made again for each round of waiting).
     */
    private record Waiting(String name, CompletableFuture<Long> handoff,
                           AtomicReference<CompletableFuture<Void>> recheck) {
    }

    private final Cluster cluster;
    private final LocalLeases leases;
    private final Listeners listeners;
    private final ClientMetrics metrics;
    private final Map<Integer, Waiting> waiting = new ConcurrentHashMap<>();
    /** Force-released holds heard of before their handle existed: fence -> lock name. */
    private final Cache<Long, String> forcedEarly;
    private final IMap<String, HandoffNotice> notices;
    /** The notice listener's registration, made again and proven on every member when the cluster changes. */
    private final NoticeRegistration registration;
    private volatile boolean closed;
    private final LocalMember localMember;
    private final UUID membershipListenerId;
    private final UUID migrationListenerId;
    private final UUID lifecycleListenerId;

    Waiters(Cluster cluster, Calls calls, LocalLeases leases, Listeners listeners, ClientMetrics metrics) {
        this.cluster = cluster;
        this.leases = leases;
        this.listeners = listeners;
        this.metrics = metrics;
        this.forcedEarly = Caffeine.newBuilder().maximumSize(FORCED_EARLY_MAX).expireAfterWrite(FORCED_EARLY_MEMORY)
                .ticker(calls.clock()::getAsLong).executor(calls.continuations()).build();
        this.notices = cluster.hz().getMap(Maps.handoffsOf(cluster.tag()));
        this.registration = new NoticeRegistration(cluster.hz(), notices, NoticeListener::new, this::recheckAll,
                calls.continuations());
        this.localMember = LocalMember.find(cluster.hz());
        if (localMember != null) {
            localMember.registerLocal(cluster.tag(), this::wake);
        }
        this.membershipListenerId = cluster.hz().getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                recheckAll();
                registration.renew();
            }

            @Override
            public void memberRemoved(MembershipEvent event) {
                recheckAll();
            }
        });
        this.migrationListenerId = addMigrationListener(cluster.hz());
        this.lifecycleListenerId = cluster.hz().getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.CLIENT_CONNECTED
                    || event.getState() == LifecycleEvent.LifecycleState.CLIENT_CHANGED_CLUSTER
                    || event.getState() == LifecycleEvent.LifecycleState.MERGED) {
                recheckAll();
                registration.renew();
            }
        });
    }

    /** On a member: every migration that ends moves some partitions' owners. A client hears membership only. */
    private UUID addMigrationListener(HazelcastInstance hz) {
        try {
            return hz.getPartitionService().addMigrationListener(new MigrationListener() {
                @Override
                public void migrationStarted(MigrationState state) {
                }

                @Override
                public void migrationFinished(MigrationState state) {
                    recheckAll();
                }

                @Override
                public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
                }

                @Override
                public void replicaMigrationFailed(ReplicaMigrationEvent event) {
                }
            });
        } catch (UnsupportedOperationException client) {
            return null;
        }
    }

    /** A fresh hold id whose wake code no current waiter of this instance has, registered as waiting. */
    long newWaiter(String name, CompletableFuture<Long> handoff) {
        while (true) {
            long holdId = LocalLeases.newHoldId();
            Waiting w = new Waiting(name, handoff, new AtomicReference<>(new CompletableFuture<>()));
            if (waiting.putIfAbsent(HandoffNotice.wakeCode(holdId), w) == null) {
                return holdId;
            }
        }
    }

    /**
     * A fresh future for the waiter's next round, completed when the cluster changes (membership,
     * partition owners, a reconnect): made before the round's standing check, so no change is missed.
     */
    CompletableFuture<Void> nextRecheck(long holdId) {
        CompletableFuture<Void> next = new CompletableFuture<>();
        Waiting w = waiting.get(HandoffNotice.wakeCode(holdId));
        if (w != null) {
            w.recheck().set(next);
        }
        return next;
    }

    /** The cluster changed: a handoff notice may have been lost; every parked waiter checks its standing now. */
    private void recheckAll() {
        LOG.debug("Leasehold: the cluster changed; {} waiters check their standing", waiting.size());
        for (Waiting w : waiting.values()) {
            w.recheck().get().complete(null);
        }
    }

    void waitingDone(long holdId) {
        waiting.remove(HandoffNotice.wakeCode(holdId));
    }

    /** A hold was just made: if an operator force-released it before it existed, it is lost now. */
    void made(Hold hold) {
        String name = forcedEarly.getIfPresent(hold.fence());
        if (name != null && name.equals(hold.lockName())) {
            forcedEarly.invalidate(hold.fence());
            forcedLost(hold);
        }
    }

    /** Stops hearing notices and removes this instance's notice entry. */
    void close() {
        closed = true;
        if (localMember != null) {
            localMember.unregisterLocal(cluster.tag());
        }
        try {
            cluster.hz().getCluster().removeMembershipListener(membershipListenerId);
            cluster.hz().getLifecycleService().removeLifecycleListener(lifecycleListenerId);
            if (migrationListenerId != null) {
                cluster.hz().getPartitionService().removeMigrationListener(migrationListenerId);
            }
            registration.close();
            notices.destroy();
        } catch (RuntimeException e) {
            LOG.debug("Leasehold could not remove its handoff listener on close", e);
        }
    }

    /** A lock was handed to the waiter with this wake code: completes the future it is parked on. */
    private void wake(String lockName, int wakeCode, long fence) {
        Waiting w = waiting.get(wakeCode);
        if (w != null && w.name().equals(lockName)) {
            w.handoff().complete(fence);
        }
    }

    /** Admin: an operator force-released the hold the notice names (by lock, wake code and fence). */
    private void holdLost(HandoffNotice notice) {
        metrics.lostNotice();
        // Remembered first, then looked for: a handle made meanwhile finds the note in made().
        forcedEarly.put(notice.fence(), notice.lockName());
        for (LocalLease lease : leases.all()) {
            for (Hold hold : lease.holds) {
                if (hold.fence() == notice.fence() && hold.lockName().equals(notice.lockName())
                        && HandoffNotice.wakeCode(hold.holdId()) == notice.wakeCode()) {
                    forcedEarly.invalidate(notice.fence());
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
            listeners.fireLost(hold, reason);
        }
    }

    /** Hears the handoff notices sent under this instance's tag and wakes the waiter they name. */
    private final class NoticeListener implements EntryAddedListener<String, HandoffNotice>,
            EntryUpdatedListener<String, HandoffNotice> {

        @Override
        public void entryAdded(EntryEvent<String, HandoffNotice> event) {
            heard(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, HandoffNotice> event) {
            heard(event.getValue());
        }

        private void heard(HandoffNotice notice) {
            NoticeRegistration r = registration; // null for an event heard while the constructor runs
            if (notice == null || r != null && r.probeHeard(notice) || r == null && notice.fence() == 0) {
                return;
            }
            if (notice.isLost()) {
                holdLost(notice);
            } else {
                wake(notice.lockName(), notice.wakeCode(), notice.fence());
            }
        }
    }
}
