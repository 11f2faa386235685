package io.leasehold.hazelcast.settle;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import io.leasehold.KeepAlive;
import io.leasehold.Lease;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdSettings;
import io.leasehold.hazelcast.TestCluster;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.Maps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 11: a slow partition delays only its own leases, a slow listener delays no renewal, and a
 * lease kept alive by another instance stays valid for whoever holds a lock on it.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SlowPartsTest {

    private static final Duration TTL = Duration.ofMillis(1_500);

    /** Two leases whose partitions run on different partition threads (2 on this machine, by parity). */
    private static Lease[] leasesOnDifferentThreads(Leasehold leasehold, HazelcastInstance member) {
        Lease first = leasehold.lessor().grant(TTL);
        int parity = member.getPartitionService().getPartition(first.id()).getPartitionId() % 2;
        while (true) {
            Lease other = leasehold.lessor().grant(TTL);
            if (member.getPartitionService().getPartition(other.id()).getPartitionId() % 2 != parity) {
                return new Lease[] {first, other};
            }
            leasehold.lessor().revoke(other.id());
        }
    }

    @Test
    void aStuckPartitionAffectsOnlyItsOwnLeases() {
        try (TestCluster cluster = new TestCluster(1)) {
            HazelcastInstance member = cluster.first();
            try (Leasehold leasehold = HazelcastLeasehold.create(member)) {
                Lease[] leases = leasesOnDifferentThreads(leasehold, member);
                KeepAlive k0 = leasehold.lessor().keepAlive(leases[0].id());
                KeepAlive k1 = leasehold.lessor().keepAlive(leases[1].id());
                LockHandle stuck = leasehold.lock("slow-a").tryLock(leases[0].id()).orElseThrow();
                LockHandle fine = leasehold.lock("slow-b").tryLock(leases[1].id()).orElseThrow();
                CountDownLatch unblock = new CountDownLatch(1);
                EntryProcessor<Long, LeaseRecord, Object> blocker = entry -> {
                    try {
                        unblock.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                };
                CompletableFuture<Object> blocked = member.<Long, LeaseRecord>getMap(Maps.LEASES)
                        .submitToKey(leases[0].id(), blocker).toCompletableFuture();
                try {
                    // Three TTLs with the first lease's partition thread stuck: the other lease's hold stays valid.
                    await().during(TTL.multipliedBy(3)).atMost(TTL.multipliedBy(4)).until(fine::isValid);
                    assertTrue(k1.isActive());
                } finally {
                    unblock.countDown();
                }
                blocked.join();
                assertFalse(stuck.isValid(), "a lease that could not be renewed for three TTLs is not valid");
                fine.unlock();
                k0.close();
                k1.close();
            }
        }
    }

    @Test
    void aSlowListenerDelaysNoRenewalAndMissesNoEvent() {
        try (TestCluster cluster = new TestCluster(1)) {
            HazelcastInstance member = cluster.first();
            LeaseholdSettings shortSession = LeaseholdSettings.builder().sessionTtl(TTL).build();
            try (Leasehold holder = HazelcastLeasehold.create(member, shortSession);
                 Leasehold other = HazelcastLeasehold.create(member)) {
                CountDownLatch release = new CountDownLatch(1);
                List<String> heard = new CopyOnWriteArrayList<>();
                holder.addLockLostListener((name, fence, leaseId, reason) -> {
                    heard.add(name);
                    try {
                        release.await(30, TimeUnit.SECONDS); // a listener that takes its time
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                LockHandle onSession = holder.lock("listen-session").tryLock().orElseThrow();
                Lease first = holder.lessor().grant(Duration.ofMinutes(1));
                Lease second = holder.lessor().grant(Duration.ofMinutes(1));
                holder.lock("listen-1").tryLock(first.id()).orElseThrow();
                holder.lock("listen-2").tryLock(second.id()).orElseThrow();
                other.lessor().revoke(first.id());
                await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("listen-1"));
                other.lessor().revoke(second.id());
                // The listener is stuck; the session (1.5 s TTL) is renewed all the same.
                await().during(TTL.multipliedBy(4)).atMost(TTL.multipliedBy(5)).until(onSession::isValid);
                release.countDown();
                await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("listen-2"));
                assertEquals(2, heard.size(), heard.toString());
                onSession.unlock();
            }
        }
    }

    @Test
    void aLeaseKeptAliveByAnotherInstanceKeepsThisInstancesHoldValid() {
        try (TestCluster cluster = new TestCluster(1)) {
            HazelcastInstance member = cluster.first();
            try (Leasehold keeper = HazelcastLeasehold.create(member);
                 Leasehold user = HazelcastLeasehold.create(member)) {
                Lease lease = keeper.lessor().grant(TTL);
                KeepAlive keepAlive = keeper.lessor().keepAlive(lease.id());
                List<String> lost = new CopyOnWriteArrayList<>();
                user.addLockLostListener((name, fence, leaseId, reason) -> lost.add(reason));
                LockHandle hold = user.lock("watched").tryLock(lease.id()).orElseThrow();
                // Valid until the deadline that anyone's renewal set: four TTLs, renewed by the keeper.
                await().during(TTL.multipliedBy(4)).atMost(TTL.multipliedBy(5)).until(hold::isValid);
                assertEquals(List.of(), lost);
                keepAlive.close();
                await().atMost(TTL.multipliedBy(3)).until(() -> !hold.isValid());
                await().atMost(Duration.ofSeconds(5)).until(() -> lost.size() == 1);
            }
        }
    }
}
