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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 10: after every kind of lock processor — acquire, queue, release with handoff, and the
 * multi-key release of an ended lease's locks across many partitions — each backup replica holds
 * exactly the primary's record. Checked the way it matters: the primaries' member is killed and the
 * promoted backups must show the records as they were.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BackupEquivalenceTest {

    @Test
    void promotedBackupsHoldExactlyWhatThePrimariesHeld() throws Exception {
        // A clock that only moves when told: nothing expires and no idle record is swept meanwhile.
        AtomicLong now = new AtomicLong(1_800_000_000_000L);
        MemberSettings settings = MemberSettings.builder().minTtl(Duration.ofMillis(100))
                .time(MemberTime.manual(now::get)).build();
        try (TestCluster cluster = new TestCluster(2, settings)) {
            HazelcastInstance doomed = cluster.first();
            HazelcastInstance survivor = cluster.last();
            IMap<String, LockRecord> locks = survivor.getMap(Maps.LOCKS);
            ExecutorService pool = Executors.newCachedThreadPool();
            try (Leasehold a = HazelcastLeasehold.create(survivor); Leasehold b = HazelcastLeasehold.create(survivor)) {
                Lease ending = a.lessor().grant(Duration.ofMinutes(10));
                Set<String> names = new HashSet<>();
                List<LockHandle> kept = new ArrayList<>();
                List<Future<Optional<LockHandle>>> waiters = new ArrayList<>();
                for (int i = 0; i < 120; i++) {
                    String name = "equiv-" + i;
                    names.add(name);
                    if (i % 3 == 0) {
                        kept.add(a.lock(name).tryLock().orElseThrow());               // held by the session
                    } else {
                        a.lock(name).tryLock(ending.id()).orElseThrow();               // held by the lease that ends
                    }
                    if (i % 4 == 0) {
                        waiters.add(pool.submit(() -> b.lock(name).tryLock(Duration.ofMinutes(1))));
                    }
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> names.stream()
                        .filter(n -> Integer.parseInt(n.substring(6)) % 4 == 0)
                        .allMatch(n -> b.lock(n).holder().map(h -> h.waiters() == 1).orElse(false)));
                // Handoffs inside releases, and the multi-key release of every lock of the ended lease.
                for (int i = 0; i < kept.size(); i += 2) {
                    kept.get(i).unlock();
                }
                a.lessor().revoke(ending.id());
                await().atMost(Duration.ofSeconds(30)).until(() -> waiters.stream().allMatch(Future::isDone));

                Map<String, LockRecord> before = new HashMap<>(locks.getAll(names));
                assertTrue(before.size() > 60, "records: " + before.size());
                cluster.kill(doomed);
                Map<String, LockRecord> after = new HashMap<>(
                        survivor.<String, LockRecord>getMap(Maps.LOCKS).getAll(names));
                assertEquals(before.keySet(), after.keySet());
                for (String name : before.keySet()) {
                    assertEquals(before.get(name), after.get(name), name);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
