package io.leasehold.hazelcast.protocol;

import io.leasehold.hazelcast.MemberTime;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.leasehold.Lease;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.hazelcast.TestCluster;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.Maps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 10, at test size: 10,000 leases that each hold a lock, 100 of them with a waiter, all
 * expiring together on three members. Every lease is revoked, every lock freed or handed to its
 * waiter, and every waiter served — without anyone knowing the names a lease held.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RevocationAtScaleTest {

    private static final int LEASES = 10_000;
    private static final int WAITERS = 100;
    private static final Duration TTL = Duration.ofMinutes(10);

    @Test
    void tenThousandLeasesWithLocksExpireAndEveryLockIsFreedOrHandedOver() throws Exception {
        // The members' clock jumps past every deadline at once when the set-up is done.
        AtomicLong offset = new AtomicLong();
        MemberSettings settings = MemberSettings.builder().minTtl(Duration.ofMillis(100))
                .promotionGrace(Duration.ofMillis(500)).time(MemberTime.shiftedBy(offset::get)).build();
        try (TestCluster cluster = new TestCluster(3, settings)) {
            HazelcastInstance member = cluster.first();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try (Leasehold holders = HazelcastLeasehold.create(member);
                 Leasehold waiting = HazelcastLeasehold.create(cluster.last())) {
                long[] ids = new long[LEASES];
                for (int from = 0; from < LEASES; from += 1_000) {
                    List<CompletableFuture<Lease>> grants = new ArrayList<>();
                    for (int i = from; i < from + 1_000; i++) {
                        grants.add(holders.lessor().grantAsync(TTL).toCompletableFuture());
                    }
                    for (int i = 0; i < grants.size(); i++) {
                        ids[from + i] = grants.get(i).join().id();
                    }
                }
                List<Future<?>> locking = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int first = t;
                    locking.add(pool.submit(() -> {
                        for (int i = first; i < LEASES; i += 8) {
                            holders.lock("scale-" + i).tryLock(ids[i]).orElseThrow();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : locking) {
                    f.get(2, TimeUnit.MINUTES);
                }
                ExecutorService waiterPool = Executors.newFixedThreadPool(WAITERS);
                long waiterLease = waiting.lessor().grant(Duration.ofHours(1)).id();
                List<Future<Optional<LockHandle>>> waiters = new ArrayList<>();
                for (int w = 0; w < WAITERS; w++) {
                    String name = "scale-" + (w * (LEASES / WAITERS));
                    waiters.add(waiterPool.submit(() -> waiting.lock(name).tryLock(waiterLease, Duration.ofMinutes(2))));
                }
                for (int w = 0; w < WAITERS; w++) {
                    String name = "scale-" + (w * (LEASES / WAITERS));
                    await().atMost(Duration.ofSeconds(60)).until(() -> waiting.lock(name).holder()
                            .map(h -> h.waiters() == 1).orElse(false));
                }
                // Every holder's deadline passes at once: each lock is freed or goes to its waiter.
                offset.addAndGet(TTL.toMillis() + 1_000);
                for (Future<Optional<LockHandle>> w : waiters) {
                    LockHandle h = w.get(2, TimeUnit.MINUTES).orElseThrow();
                    assertTrue(h.isValid());
                    h.unlock();
                }
                waiterPool.shutdown();
                Set<Long> ended = new HashSet<>();
                for (long id : ids) {
                    ended.add(id);
                }
                IMap<Long, Object> leases = member.getMap(Maps.LEASES);
                await().atMost(Duration.ofMinutes(1)).until(() -> leases.keySet().stream().noneMatch(ended::contains));
                IMap<String, LockRecord> locks = member.getMap(Maps.LOCKS);
                await().atMost(Duration.ofMinutes(1)).until(() -> locks.values().stream()
                        .noneMatch(r -> r.isHeld() && ended.contains(r.holderLease())));
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
