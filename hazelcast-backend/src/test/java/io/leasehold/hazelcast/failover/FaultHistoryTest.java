package io.leasehold.hazelcast.failover;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.LeaseListener;
import io.leasehold.Leasehold;
import io.leasehold.LeaseholdUnavailableException;
import io.leasehold.LockException;
import io.leasehold.LockHandle;
import io.leasehold.LockHolder;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdSettings;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A history test under faults: members are terminated, restarted and added while four clients lock
 * twenty locks, write to a fenced resource and unlock. Every grant, write and lease end is recorded;
 * afterwards a checker verifies the safety claims against the history. Runs 30 s by default; set
 * {@code -Dleasehold.history.seconds=N} for longer.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class FaultHistoryTest {

    private static final int CLIENTS = 4;
    private static final int LOCKS = 20;
    private static final Duration SESSION_TTL = Duration.ofSeconds(2);
    /** TTL + grace + revoke lag, with room for a loaded 2-core machine. */
    private static final long DEAD_HOLDER_BOUND_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** One grant as its acquirer saw it: sent at {@code sentAt}, answered at {@code receivedAt}. */
    record Grant(String lock, long fence, long leaseId, long sentAt, long receivedAt) {
    }

    /** The protected resource: accepts a write only with a fence at least the highest it accepted. */
    static final class FencedResource {
        private final Map<String, Long> highest = new HashMap<>();
        final Map<String, List<Long>> acceptedInOrder = new HashMap<>();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger refused = new AtomicInteger();

        synchronized boolean write(String lock, long fence) {
            long seen = highest.getOrDefault(lock, Long.MIN_VALUE);
            if (fence < seen) {
                refused.incrementAndGet();
                return false;
            }
            highest.put(lock, fence);
            acceptedInOrder.computeIfAbsent(lock, k -> new ArrayList<>()).add(fence);
            accepted.incrementAndGet();
            return true;
        }
    }

    @Test
    void historyUnderMemberCrashesJoinsAndRestartsSatisfiesTheSafetyClaims() throws Exception {
        long seconds = Long.getLong("leasehold.history.seconds", 30);
        List<Grant> grants = new CopyOnWriteArrayList<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        FencedResource resource = new FencedResource();
        AtomicInteger unavailable = new AtomicInteger();
        AtomicInteger faults = new AtomicInteger();
        AtomicInteger startFailures = new AtomicInteger();

        try (TestCluster cluster = new TestCluster(3)) {
            List<HazelcastInstance> clients = new ArrayList<>();
            List<Leasehold> leaseholds = new ArrayList<>();
            LeaseholdSettings settings = LeaseholdSettings.builder()
                    .sessionTtl(SESSION_TTL).safetyMargin(0.25).build();
            for (int i = 0; i < CLIENTS; i++) {
                HazelcastInstance client = cluster.newClient();
                clients.add(client);
                leaseholds.add(HazelcastLeasehold.create(client, settings));
            }
            HazelcastInstance observerClient = cluster.newClient();
            Leasehold observer = HazelcastLeasehold.create(observerClient);

            // A lease ending by expiry while its own holder still believed it valid was revoked too early.
            Map<Long, Integer> ownerOfLease = new ConcurrentHashMap<>();
            observer.lessor().addLeaseListener((leaseId, reason) -> {
                Integer owner = ownerOfLease.get(leaseId);
                if (reason == LeaseListener.Reason.EXPIRED && owner != null
                        && leaseholds.get(owner).sessionLeaseId().orElse(0) == leaseId) {
                    violations.add("lease " + Long.toHexString(leaseId) + " expired while its holder still had it");
                }
            });

            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService workers = Executors.newFixedThreadPool(CLIENTS * 2);
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < CLIENTS * 2; t++) {
                int clientIndex = t % CLIENTS;
                Leasehold leasehold = leaseholds.get(clientIndex);
                results.add(workers.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (running.get()) {
                        String lock = "history-" + random.nextInt(LOCKS);
                        long sentAt = System.nanoTime();
                        try {
                            Optional<LockHandle> got = leasehold.lock(lock).tryLock(Duration.ofMillis(500));
                            if (got.isEmpty()) {
                                continue;
                            }
                            LockHandle handle = got.get();
                            long receivedAt = System.nanoTime();
                            ownerOfLease.put(handle.leaseId(), clientIndex);
                            grants.add(new Grant(lock, handle.fence(), handle.leaseId(), sentAt, receivedAt));
                            resource.write(lock, handle.fence());
                            handle.unlock();
                        } catch (LeaseholdUnavailableException | LockException e) {
                            // Allowed under faults; what the call left behind is checked at the end.
                            unavailable.incrementAndGet();
                        } catch (InterruptedException e) {
                            return null;
                        }
                    }
                    return null;
                }));
            }

            // Faults: every 4 s terminate a member, restart one, or add one, keeping two to five.
            ScheduledExecutorService chaos = Executors.newSingleThreadScheduledExecutor();
            chaos.scheduleWithFixedDelay(() -> {
                try {
                    int size = cluster.members.size();
                    int action = faults.getAndIncrement() % 3;
                    if (action == 0 && size > 2) {
                        cluster.kill(cluster.members.get(ThreadLocalRandom.current().nextInt(size)));
                    } else if (action == 1 && size > 2) {
                        cluster.kill(cluster.members.get(ThreadLocalRandom.current().nextInt(size)));
                        cluster.addMember();
                    } else if (size < 5) {
                        cluster.addMember();
                    }
                } catch (IllegalStateException e) {
                    // A member that could not start or join in time on a loaded machine is a failed fault,
                    // not a broken claim: the history goes on with the members it has.
                    startFailures.incrementAndGet();
                } catch (RuntimeException e) {
                    violations.add("fault injection failed: " + e);
                }
            }, 4, 4, TimeUnit.SECONDS);

            // A lock held past TTL + grace + lag by a lease that no longer exists was never freed.
            Map<String, long[]> deadHeldSince = new ConcurrentHashMap<>();
            ScheduledExecutorService monitor = Executors.newSingleThreadScheduledExecutor();
            monitor.scheduleWithFixedDelay(() -> {
                try {
                    List<Long> live = observer.lessor().leases();
                    for (int i = 0; i < LOCKS; i++) {
                        String lock = "history-" + i;
                        Optional<LockHolder> holder = observer.lock(lock).holder();
                        if (holder.isPresent() && !live.contains(holder.get().leaseId())) {
                            long[] since = deadHeldSince.computeIfAbsent(lock,
                                    k -> new long[] {holder.get().leaseId(), System.nanoTime()});
                            if (since[0] != holder.get().leaseId()) {
                                deadHeldSince.put(lock, new long[] {holder.get().leaseId(), System.nanoTime()});
                            } else if (System.nanoTime() - since[1] > DEAD_HOLDER_BOUND_NANOS) {
                                violations.add(lock + " held by dead lease " + Long.toHexString(since[0])
                                        + " for over " + TimeUnit.NANOSECONDS.toSeconds(DEAD_HOLDER_BOUND_NANOS) + " s");
                            }
                        } else {
                            deadHeldSince.remove(lock);
                        }
                    }
                } catch (RuntimeException e) {
                    // the cluster is changing under us; the next pass looks again
                }
            }, 500, 500, TimeUnit.MILLISECONDS);

            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            await().atMost(Duration.ofSeconds(seconds + 60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> System.nanoTime() - end > 0);
            chaos.shutdownNow();
            monitor.shutdownNow();
            running.set(false);
            for (Future<?> r : results) {
                r.get(60, TimeUnit.SECONDS);
            }
            workers.shutdownNow();
            // Every call settled: with all workers stopped and every session still alive, no lock may
            // stay held (a hold whose unlock could not reach the cluster is released in the background).
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> heldLocks(observer).isEmpty());
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                heldLocks(observer).forEach((lock, lease) -> violations.add(lock + " still held by "
                        + Long.toHexString(lease) + " though no worker has a handle for it (live sessions: "
                        + leaseholds.stream().map(l -> Long.toHexString(l.sessionLeaseId().orElse(0))).toList() + ")"));
            }
            leaseholds.forEach(Leasehold::close);
            observer.close();
            clients.forEach(HazelcastInstance::shutdown);
            observerClient.shutdown();
        }

        LoggerFactory.getLogger(FaultHistoryTest.class).info(
                "history: {} s, {} faults ({} member starts failed), {} grants, {} writes accepted, {} refused,"
                        + " {} calls failed over", seconds, faults.get(), startFailures.get(), grants.size(), resource.accepted.get(), resource.refused.get(), unavailable.get());
        check(grants, violations);
        resource.acceptedInOrder.forEach((lock, fences) -> {
            for (int i = 1; i < fences.size(); i++) {
                if (fences.get(i) < fences.get(i - 1)) {
                    violations.add(lock + ": the resource accepted fence " + fences.get(i) + " after " + fences.get(i - 1));
                }
            }
        });
        assertTrue(faults.get() >= 3, "too few faults injected: " + faults.get());
        assertTrue(grants.size() > 100, "too little work under faults: " + grants.size() + " grants");
        assertTrue(resource.accepted.get() > 100);
        assertEquals(List.of(), violations);
    }

    private static Map<String, Long> heldLocks(Leasehold observer) {
        Map<String, Long> held = new HashMap<>();
        for (int i = 0; i < LOCKS; i++) {
            String lock = "history-" + i;
            observer.lock(lock).holder().ifPresent(h -> held.put(lock, h.leaseId()));
        }
        return held;
    }

    /** Fences per lock are unique, and a grant that began after another ended has a larger fence. */
    private static void check(List<Grant> grants, List<String> violations) {
        Map<String, List<Grant>> byLock = new HashMap<>();
        grants.forEach(g -> byLock.computeIfAbsent(g.lock(), k -> new ArrayList<>()).add(g));
        for (Map.Entry<String, List<Grant>> e : byLock.entrySet()) {
            List<Grant> list = e.getValue();
            list.sort(Comparator.comparingLong(Grant::receivedAt));
            for (int i = 0; i < list.size(); i++) {
                for (int j = i + 1; j < list.size(); j++) {
                    Grant earlier = list.get(i);
                    Grant later = list.get(j);
                    if (earlier.fence() == later.fence()) {
                        violations.add(e.getKey() + ": fence " + earlier.fence() + " granted twice");
                    } else if (later.sentAt() - earlier.receivedAt() > 0 && later.fence() < earlier.fence()) {
                        violations.add(e.getKey() + ": fence went backwards, " + earlier.fence() + " then "
                                + later.fence());
                    }
                }
            }
        }
    }
}
