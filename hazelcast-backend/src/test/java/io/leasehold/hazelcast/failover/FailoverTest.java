package io.leasehold.hazelcast.failover;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Lease;
import io.leasehold.LeaseListener;
import io.leasehold.Leasehold;
import io.leasehold.LeaseholdUnavailableException;
import io.leasehold.LockHandle;
import io.leasehold.LockHolder;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdSettings;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** Leases, expiry and fences across member crashes, migrations and a minority side. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FailoverTest {

    /** TTL + grace + revoke lag the tests allow; the benchmark measures the real lag. */
    private static final Duration FREED_WITHIN = Duration.ofSeconds(20);

    /** A lock name whose partition the given member does not own, so killing the owner spares the caller. */
    private static String nameOwnedElsewhere(TestCluster cluster, HazelcastInstance notHere, String prefix) {
        for (int i = 0; ; i++) {
            String name = prefix + "-" + i;
            if (cluster.ownerOf(name) != notHere) {
                return name;
            }
        }
    }

    @Test
    void crashOfTheMemberOwningAHeldLockKeepsTheHolderAndTheNextFenceIsLarger() {
        try (TestCluster cluster = new TestCluster(3)) {
            HazelcastInstance home = cluster.first();
            try (Leasehold leasehold = HazelcastLeasehold.create(home)) {
                String name = nameOwnedElsewhere(cluster, home, "held");
                LockHandle handle = leasehold.lock(name).tryLock().orElseThrow();
                cluster.kill(cluster.ownerOf(name));
                await().atMost(Duration.ofSeconds(30)).until(() -> home.getCluster().getMembers().size() == 2);

                LockHolder holder = leasehold.lock(name).holder().orElseThrow();
                assertEquals(handle.fence(), holder.fence(), "the backup must carry the hold");
                assertEquals(handle.leaseId(), holder.leaseId());
                assertTrue(handle.isValid());
                handle.unlock();
                LockHandle next = leasehold.lock(name).tryLock().orElseThrow();
                assertTrue(next.fence() > handle.fence());
                next.unlock();
            }
        }
    }

    @Test
    void crashOfTheMemberOwningALeaseStillExpiresItAndFreesItsLocks() {
        try (TestCluster cluster = new TestCluster(3)) {
            HazelcastInstance home = cluster.first();
            try (Leasehold holder = HazelcastLeasehold.create(home);
                 Leasehold other = HazelcastLeasehold.create(home)) {
                Lease lease;
                do {
                    lease = holder.lessor().grant(Duration.ofMillis(1_500));
                } while (cluster.ownerOf(lease.id()) == home);
                String name = "lease-owner-crash";
                LockHandle handle = holder.lock(name).tryLock(lease.id()).orElseThrow();

                cluster.kill(cluster.ownerOf(lease.id()));
                long start = System.nanoTime();
                LockHandle taken = await().atMost(FREED_WITHIN).ignoreExceptions()
                        .until(() -> other.lock(name).tryLock().orElse(null), h -> h != null);
                long freedAfterMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(taken.fence() > handle.fence());
                long id = lease.id();
                // The new owner revokes the lease itself, after its grace period.
                await().atMost(FREED_WITHIN).until(() -> !other.lessor().leases().contains(id));
                assertFalse(handle.isValid());
                assertTrue(freedAfterMillis < FREED_WITHIN.toMillis());
                taken.unlock();
            }
        }
    }

    @Test
    void memberJoiningUnderLoadRevokesNoLeaseBeforeItsDeadlineAndLosesNone() throws Exception {
        try (TestCluster cluster = new TestCluster(2)) {
            LeaseholdSettings settings = LeaseholdSettings.builder().sessionTtl(Duration.ofSeconds(3)).build();
            List<Leasehold> instances = List.of(
                    HazelcastLeasehold.create(cluster.first(), settings),
                    HazelcastLeasehold.create(cluster.last(), settings));
            Map<Long, LeaseListener.Reason> ended = new ConcurrentHashMap<>();
            List<String> lost = new CopyOnWriteArrayList<>();
            instances.get(0).lessor().addLeaseListener(ended::put);
            instances.forEach(l -> l.addLockLostListener((name, fence, lease, reason) -> lost.add(name + ": " + reason)));
            List<Lease> idle = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                idle.add(instances.get(i % 2).lessor().grant(Duration.ofSeconds(60)));
            }
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger rounds = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Leasehold leasehold = instances.get(t % 2);
                int seed = t;
                workers.add(pool.submit(() -> {
                    int r = 0;
                    while (running.get()) {
                        String name = "load-" + ((seed + r++) % 10);
                        leasehold.lock(name).tryLock(Duration.ofSeconds(10)).ifPresent(LockHandle::unlock);
                        rounds.incrementAndGet();
                    }
                    return null;
                }));
            }
            long[] sessions = instances.stream().mapToLong(l -> {
                await().atMost(Duration.ofSeconds(10)).until(() -> l.sessionLeaseId().isPresent());
                return l.sessionLeaseId().getAsLong();
            }).toArray();
            cluster.addMember();
            cluster.addMember();
            int before = rounds.get();
            // Work on through the migrations, for two session TTLs.
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(6);
            await().atMost(Duration.ofSeconds(30)).until(() -> System.nanoTime() - until > 0);
            running.set(false);
            for (Future<?> w : workers) {
                w.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertTrue(rounds.get() > before, "work must go on during migrations");
            assertEquals(List.of(), lost);
            for (int i = 0; i < sessions.length; i++) {
                assertEquals(sessions[i], instances.get(i).sessionLeaseId().orElse(0), "session " + i + " was lost");
                assertFalse(ended.containsKey(sessions[i]), "a live session was revoked");
            }
            List<Long> live = instances.get(0).lessor().leases();
            for (Lease lease : idle) {
                assertTrue(live.contains(lease.id()), "an idle lease with 60 s to live was lost");
            }
            instances.forEach(Leasehold::close);
        }
    }

    @Test
    void everyReplicaOfALockRecordLostTheNextFenceIsStillLarger() {
        try (TestCluster cluster = new TestCluster(3)) {
            HazelcastInstance home = cluster.first();
            try (Leasehold leasehold = HazelcastLeasehold.create(home)) {
                String name = null;
                for (int i = 0; name == null; i++) {
                    String candidate = "lost-record-" + i;
                    if (cluster.ownerOf(candidate) != home && cluster.backupOf(candidate) != home) {
                        name = candidate;
                    }
                }
                long last = 0;
                for (int i = 0; i < 5; i++) {
                    LockHandle h = leasehold.lock(name).tryLock().orElseThrow();
                    last = h.fence();
                    h.unlock();
                }
                HazelcastInstance owner = cluster.ownerOf(name);
                HazelcastInstance backup = cluster.backupOf(name);
                owner.getLifecycleService().terminate();
                backup.getLifecycleService().terminate();
                cluster.members.remove(owner);
                cluster.members.remove(backup);
                await().atMost(Duration.ofSeconds(30)).until(() -> home.getCluster().getMembers().size() == 1);

                String lockName = name;
                LockHandle fresh = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> leasehold.lock(lockName).tryLock().orElse(null), h -> h != null);
                assertTrue(fresh.fence() > last, "fence went backwards after losing every replica: "
                        + fresh.fence() + " <= " + last);
                fresh.unlock();
            }
        }
    }

    @Test
    void withSplitBrainProtectionAMinoritySideRefusesAndTheMajorityWorks() {
        MemberSettings protectedSettings = MemberSettings.builder()
                .minTtl(Duration.ofMillis(100)).splitBrainQuorum(2).build();
        try (TestCluster cluster = new TestCluster(3, protectedSettings)) {
            HazelcastInstance home = cluster.first();
            try (Leasehold leasehold = HazelcastLeasehold.create(home)) {
                leasehold.lock("quorum").tryLock().orElseThrow().unlock();
                cluster.kill(cluster.last());
                await().atMost(Duration.ofSeconds(30)).until(() -> home.getCluster().getMembers().size() == 2);
                LockHandle majority = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> leasehold.lock("quorum").tryLock().orElse(null), h -> h != null);
                majority.unlock();

                cluster.kill(cluster.last());
                await().atMost(Duration.ofSeconds(30)).until(() -> home.getCluster().getMembers().size() == 1);
                LeaseholdUnavailableException refused = await().atMost(Duration.ofSeconds(30)).until(() -> {
                    try {
                        leasehold.lessor().grant(Duration.ofSeconds(5));
                        return null;
                    } catch (LeaseholdUnavailableException e) {
                        return e;
                    }
                }, e -> e != null);
                assertTrue(refused.getMessage().contains("split-brain"), refused.getMessage());
                LeaseholdUnavailableException lockRefused = assertThrows(LeaseholdUnavailableException.class,
                        () -> leasehold.lock("quorum-2").tryLock());
                assertTrue(lockRefused.getMessage().contains("lock 'quorum-2'"), lockRefused.getMessage());
            }
        }
    }
}
