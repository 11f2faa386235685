package io.leasehold.hazelcast.failover;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.leasehold.Lease;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.TestCluster;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.Maps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A lock record that names a lease its member heard ended, as a split's merge or a take-over can
 * leave behind (here written back into the map after the lease's end): the next acquirer gets the
 * lock at once, and with no acquirer the member frees it on its next reconciliation, not after the
 * holder's whole TTL.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EndedLeaseRecordTest {

    /** Far longer than the waits below: the lazy path (a holder held for its whole TTL) cannot be what frees the lock. */
    private static final Duration HOLDER_TTL = Duration.ofSeconds(60);

    @Test
    void aRecordNamingAnEndedLeaseIsFreedAtOnceByTheNextAcquireAndByReconciliation() throws Exception {
        try (TestCluster cluster = new TestCluster(3)) {
            HazelcastInstance home = cluster.first();
            IMap<String, LockRecord> locks = home.getMap(Maps.LOCKS);
            try (Leasehold holder = HazelcastLeasehold.create(home);
                 Leasehold other = HazelcastLeasehold.create(cluster.last())) {
                // The next acquirer.
                String name = "ended-acquire";
                LockRecord stale = staleRecord(holder, locks, name);
                long start = System.nanoTime();
                LockHandle taken = other.lock(name).tryLock().orElseThrow(
                        () -> new AssertionError("a lock held by an ended lease was refused"));
                assertTrue(taken.fence() > stale.fence());
                assertTrue(System.nanoTime() - start < HOLDER_TTL.toNanos());
                taken.unlockAndWait();

                // No acquirer: reconciliation (every second in the test settings) frees it.
                String idle = "ended-reconcile";
                staleRecord(holder, locks, idle);
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    LockRecord r = locks.get(idle);
                    return r == null || !r.isHeld(); // freed, and perhaps already swept as idle
                });
                assertTrue(other.lock(idle).holder().isEmpty());
            }
        }
    }

    /** Takes {@code name} with a lease, revokes the lease (the lock is freed), then writes the held record back. */
    private static LockRecord staleRecord(Leasehold holder, IMap<String, LockRecord> locks, String name) {
        Lease lease = holder.lessor().grant(HOLDER_TTL);
        holder.lock(name).tryLock(lease.id()).orElseThrow();
        LockRecord held = locks.get(name);
        assertEquals(lease.id(), held.holderLease());
        holder.lessor().revokeAndWait(lease.id());
        assertFalse(locks.get(name).isHeld(), "the lease's end frees its lock");
        locks.put(name, held);
        assertTrue(locks.get(name).isHeld());
        return held;
    }
}
