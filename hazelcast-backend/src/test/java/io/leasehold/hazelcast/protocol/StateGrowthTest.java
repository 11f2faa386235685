package io.leasehold.hazelcast.protocol;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdMetrics;
import io.leasehold.hazelcast.TestCluster;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.client.LeaseholdClient;
import io.leasehold.hazelcast.internal.core.Maps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 10: a service that locks a fresh name for every order. After 100,000 lock/unlock cycles on
 * distinct names the session lease is as small as a new one, the locks map holds no record for a
 * released idle name, and the instance's own tables are back to their size at the start.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StateGrowthTest {

    private static final int CYCLES = 100_000;
    private static final int THREADS = 4;

    @Test
    void hundredThousandDistinctNamesLeaveNothingBehind() throws Exception {
        try (TestCluster cluster = new TestCluster(1)) {
            HazelcastInstance member = cluster.first();
            IMap<Long, LeaseRecord> leases = member.getMap(Maps.LEASES);
            IMap<String, Object> locks = member.getMap(Maps.LOCKS);
            try (LeaseholdClient leasehold = (LeaseholdClient) HazelcastLeasehold.create(member)) {
                LockHandle first = leasehold.lock("order/first").tryLock().orElseThrow();
                long session = first.leaseId();
                first.unlock();
                long sessionCostAtStart = leases.getEntryView(session).getCost();

                ExecutorService pool = Executors.newFixedThreadPool(THREADS);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    done.add(pool.submit(() -> {
                        for (int i = thread; i < CYCLES; i += THREADS) {
                            try (LockHandle h = leasehold.lock("order/" + i).tryLock().orElseThrow()) {
                                assertEquals(session, h.leaseId());
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(4, TimeUnit.MINUTES);
                }
                pool.shutdown();

                LeaseRecord record = leases.get(session);
                assertTrue(record.keys().isEmpty(), "the session lease keeps no names: " + record.keys().size());
                assertEquals(sessionCostAtStart, leases.getEntryView(session).getCost(),
                        "the session record grew");
                // Released idle records go once a re-created record would start above their fence.
                await().atMost(Duration.ofSeconds(60)).until(() -> locks.size() == 0);
                assertEquals(0, LeaseholdMetrics.of(member).idleRecordsPending());
                assertTrue(LeaseholdMetrics.of(member).removedRecords() >= CYCLES);
                assertEquals(1, leasehold.knownLeases(), "only the session is tracked locally");
                assertEquals(0, leasehold.pendingSettlements());
                assertEquals(1, leases.size());
            }
        }
    }
}
