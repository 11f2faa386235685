package io.leasehold.persistence;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Lease;
import io.leasehold.LeaseNotFoundException;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.admin.LeaseholdAdmin;
import io.leasehold.admin.LockView;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole cluster stops (every member terminated, as a power cut would) and a new one starts on the
 * same store: every lease is back with a full TTL, every lock with its holder and its fence, a waiter
 * keeps its place; a holder that renews keeps its lock, one that never comes back loses it after its
 * TTL and the waiter gets it, and a new holder's fence is above every earlier one. Subclasses say
 * which database.
 */
abstract class FullRestartContract {

    private static final Duration LONG_TTL = Duration.ofSeconds(40);
    private static final Duration MID_TTL = Duration.ofSeconds(15);
    private static final Duration SHORT_TTL = Duration.ofSeconds(10);
    private static final Duration GRACE = Duration.ofMillis(500);

    /** A store on the database of this test (a new pool each call, on the same database). */
    abstract JdbcPersistence openStore();

    static MemberSettings settings(JdbcPersistence store) {
        return TestCluster.testSettingsBuilder().persistence(store).build();
    }

    @Test
    void leasesLocksWaitersAndFencesSurviveAFullRestart() throws Exception {
        Map<String, Long> fences;
        Lease keeper;
        Lease waiter;
        Lease mid;
        Lease goner;
        String url;
        ExecutorService waiting = Executors.newSingleThreadExecutor();
        try (JdbcPersistence store = openStore(); TestCluster before = new TestCluster(3, settings(store))) {
            url = store.url();
            Leasehold leasehold = HazelcastLeasehold.create(before.first());
            LeaseholdAdmin admin = HazelcastLeasehold.admin(before.last());
            keeper = leasehold.lessor().grant(LONG_TTL);
            waiter = leasehold.lessor().grant(LONG_TTL);
            mid = leasehold.lessor().grant(MID_TTL);
            LockHandle released = leasehold.lock("restart-released").tryLock(keeper.id()).orElseThrow();
            released.unlockAndWait();
            LockHandle kept = leasehold.lock("restart-kept").tryLock(keeper.id()).orElseThrow();
            goner = leasehold.lessor().grant(SHORT_TTL);
            LockHandle lost = leasehold.lock("restart-lost").tryLock(goner.id()).orElseThrow();
            CompletableFuture.runAsync(() -> tryLockQuietly(leasehold, waiter.id()), waiting);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> admin.lock("restart-lost").map(LockView::waiters).orElse(0) == 1);
            fences = Map.of("restart-released", released.fence(), "restart-kept", kept.fence(),
                    "restart-lost", lost.fence());
            // A power cut: every member at once, nothing handed over, nothing flushed.
            for (HazelcastInstance member : before.members) {
                member.getLifecycleService().terminate();
            }
        } finally {
            waiting.shutdownNow();
        }

        // A lock removed while idle leaves its row with its fence; this one's is far above what the
        // new members' clocks would start a record from.
        long highest = fences.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long floor = highest + (1L << 40);
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO leasehold_locks (name, fence, holder_lease, record) VALUES (?, ?, 0, NULL)")) {
            insert.setString(1, "restart-floor");
            insert.setLong(2, floor);
            insert.executeUpdate();
        }

        long restartedAt = System.nanoTime();
        try (JdbcPersistence store = openStore(); TestCluster after = new TestCluster(3, settings(store));
             Leasehold leasehold = HazelcastLeasehold.create(after.first())) {
            LeaseholdAdmin admin = HazelcastLeasehold.admin(after.last());
            for (Lease lease : new Lease[] {keeper, waiter, mid, goner}) {
                Duration remaining = leasehold.lessor().timeToLive(lease.id()).remainingTtl();
                Duration sinceRestart = Duration.ofNanos(System.nanoTime() - restartedAt);
                assertTrue(remaining.compareTo(lease.ttl().minus(sinceRestart)) >= 0,
                        "lease " + lease + " came back with " + remaining + ", not a full TTL from the restart "
                                + sinceRestart + " ago");
                assertTrue(remaining.compareTo(lease.ttl().plus(GRACE)) <= 0,
                        "lease " + lease + " came back with " + remaining + ", more than its TTL and the grace");
            }
            LockView kept = admin.lock("restart-kept").orElseThrow();
            assertEquals(keeper.id(), kept.leaseId(), "the kept lock's holder");
            assertEquals(fences.get("restart-kept"), kept.fence(), "the kept lock's fence");
            LockView lost = admin.lock("restart-lost").orElseThrow();
            assertEquals(goner.id(), lost.leaseId(), "the lock of the holder that does not come back, before its TTL");
            assertEquals(1, lost.waiters(), "the waiter's place");

            // The holder that comes back renews and keeps its lock, fence unchanged.
            assertEquals(LONG_TTL, leasehold.lessor().renew(keeper.id()));

            // The holder that never comes back loses its lock after its TTL; the waiter gets it.
            await().atMost(SHORT_TTL.plus(GRACE).plusSeconds(10))
                    .until(() -> admin.lock("restart-lost").map(LockView::leaseId).orElse(0L) == waiter.id());
            assertThrows(LeaseNotFoundException.class, () -> leasehold.lessor().timeToLive(goner.id()));
            long handedOver = admin.lock("restart-lost").orElseThrow().fence();
            assertTrue(handedOver > fences.get("restart-lost"), "the waiter's fence " + handedOver
                    + " must be above the lost holder's " + fences.get("restart-lost"));
            assertEquals(fences.get("restart-kept"), admin.lock("restart-kept").orElseThrow().fence(),
                    "the kept lock, after its holder renewed");
            assertEquals(keeper.id(), admin.lock("restart-kept").orElseThrow().leaseId());

            // A new holder's fence is above every fence handed out before the restart, whatever the clocks say.
            Lease fresh = leasehold.lessor().grant(LONG_TTL);
            LockHandle again = leasehold.lock("restart-released").tryLock(fresh.id()).orElseThrow();
            assertTrue(again.fence() > highest, "a new fence " + again.fence() + " must be above " + highest);
            LockHandle floored = leasehold.lock("restart-floor").tryLock(fresh.id()).orElseThrow();
            assertTrue(floored.fence() > floor, "a fence " + floored.fence() + " above the stored floor " + floor);
        }
    }

    private static void tryLockQuietly(Leasehold leasehold, long leaseId) {
        try {
            leasehold.lock("restart-lost").tryLock(leaseId, Duration.ofSeconds(90));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The member under this waiter is terminated: its place stays in the lock record.
        }
    }
}
