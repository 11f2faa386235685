package io.leasehold.hazelcast.internal.client;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.MapListener;
import com.hazelcast.partition.Partition;
import io.leasehold.hazelcast.internal.core.HandoffNotice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * This instance's listener on its own notice map, kept registered on every member. A notice's event
 * is published by the member that owns the lock's partition, to the registrations that member knows;
 * a member that does not know this instance's registration drops every notice written in its
 * partitions, and the waiters there hear of their handoffs only from their own checks.
 *
 * <p>That happens across a split and its merge: each side forgets the registrations whose subscriber
 * (the member a client's events go through) it removed, and the merging member rejoins with its
 * connections closed and its clients reconnecting, so a registration made by a client just before
 * or while its member joins reaches only the members that member knew then. Which registrations
 * survive depends on that timing: in one run of four both sides of {@code NetworkPartitionTest}
 * served a third of their rate after the merge.
 *
 * <p>So after every change of the cluster ({@link #renew}), on one of the instance's async threads:
 * register again and drop the old registration, have every parked waiter check its standing (a
 * notice sent before the new registration may be lost), then prove the registration on every member
 * by writing a probe notice into a partition that member owns and hearing its event. A member that
 * does not deliver within {@link #PROBE_WAIT_MILLIS} starts another round, up to {@link #ROUNDS}.
 * Changes that arrive during a round are served by one more round after it.
 */
final class NoticeRegistration {

    private static final Logger LOG = LoggerFactory.getLogger(NoticeRegistration.class);
    /** How long a probe's event may take before the registration on its member counts as missing. */
    static final long PROBE_WAIT_MILLIS = 1_000;
    /** Registrations made, at most, after one change of the cluster. */
    static final int ROUNDS = 5;
    /** Probe keys: notices with fence 0 (a real handoff's fence is positive). */
    private static final String PROBE_PREFIX = "leasehold.probe.";
    private static final int PROBE_KEYS_TRIED = 10_000;

    private final HazelcastInstance hz;
    private final IMap<String, HandoffNotice> notices;
    private final Supplier<MapListener> listener;
    private final Runnable recheckAll;
    private final Executor background;
    private final AtomicReference<UUID> id = new AtomicReference<>();
    private final Map<Integer, CompletableFuture<Void>> probes = new ConcurrentHashMap<>();
    /** Changes not yet served by a round; a round runs while this is above zero. */
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean closed;

    NoticeRegistration(HazelcastInstance hz, IMap<String, HandoffNotice> notices, Supplier<MapListener> listener,
                       Runnable recheckAll, Executor background) {
        this.hz = hz;
        this.notices = notices;
        this.listener = listener;
        this.recheckAll = recheckAll;
        this.background = background;
        id.set(notices.addEntryListener(listener.get(), true));
    }

    /** True if the notice is a probe of this instance's registration (and it is now heard). */
    boolean probeHeard(HandoffNotice notice) {
        if (notice.fence() != 0 || notice.isLost()) {
            return false;
        }
        CompletableFuture<Void> probe = probes.remove(notice.wakeCode());
        if (probe != null) {
            probe.complete(null);
        }
        return true;
    }

    /** The cluster changed: registers again, off the caller's (event) thread, until every member delivers. */
    void renew() {
        if (closed || !hz.getLifecycleService().isRunning()) {
            return; // closed, or the instance is stopping: nothing to register on
        }
        if (pending.getAndIncrement() == 0) {
            try {
                background.execute(this::rounds);
            } catch (RejectedExecutionException e) {
                pending.set(0);
                LOG.debug("Leasehold is closing; its handoff listener is not registered again");
            }
        }
    }

    void close() {
        closed = true;
        UUID last = id.getAndSet(null);
        if (last != null) {
            notices.removeEntryListener(last);
        }
    }

    private void rounds() {
        int served;
        do {
            served = pending.get();
            try {
                renewUntilDelivered();
            } catch (RuntimeException e) {
                LOG.debug("Leasehold could not register its handoff listener again", e);
            }
        } while (pending.addAndGet(-served) > 0 && !closed && hz.getLifecycleService().isRunning());
    }

    private void renewUntilDelivered() {
        for (int round = 1; round <= ROUNDS && !closed; round++) {
            registerAgain();
            recheckAll.run();
            List<Member> silent = probe();
            if (silent.isEmpty()) {
                return;
            }
            LOG.debug("Leasehold: members {} did not deliver this instance's handoff notices (round {})", silent, round);
        }
        if (!closed) {
            LOG.warn("Leasehold: some members did not deliver this instance's handoff notices after {} registrations;"
                    + " waiters there are served by their own checks, once a second", ROUNDS);
        }
    }

    private void registerAgain() {
        UUID fresh = notices.addEntryListener(listener.get(), true);
        UUID old = id.getAndSet(fresh);
        if (closed) {
            notices.removeEntryListener(fresh);
        }
        if (old != null) {
            notices.removeEntryListener(old);
        }
    }

    /** Writes one probe into a partition of each member; the members whose event did not come in time. */
    private List<Member> probe() {
        List<Member> sent = new ArrayList<>();
        List<CompletableFuture<Void>> heard = new ArrayList<>();
        List<Integer> codes = new ArrayList<>();
        for (Member member : hz.getCluster().getMembers()) {
            String key = keyOwnedBy(member);
            if (key == null) {
                continue; // owns no partition yet (a migration is running): the next change probes it
            }
            int code = ThreadLocalRandom.current().nextInt();
            CompletableFuture<Void> probe = new CompletableFuture<>();
            if (probes.putIfAbsent(code, probe) != null) {
                continue;
            }
            codes.add(code);
            sent.add(member);
            heard.add(probe);
            notices.set(key, new HandoffNotice(key, code, 0));
        }
        try {
            CompletableFuture.allOf(heard.toArray(CompletableFuture[]::new)).get(PROBE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the silent ones are listed below
        }
        List<Member> silent = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            if (!heard.get(i).isDone()) {
                silent.add(sent.get(i));
            }
            probes.remove(codes.get(i));
        }
        return silent;
    }

    private String keyOwnedBy(Member member) {
        for (int i = 0; i < PROBE_KEYS_TRIED; i++) {
            String key = PROBE_PREFIX + i;
            Partition partition = hz.getPartitionService().getPartition(key);
            if (partition.getOwner() != null && partition.getOwner().getUuid().equals(member.getUuid())) {
                return key;
            }
        }
        return null;
    }
}
