package io.leasehold.micrometer;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Lease;
import io.leasehold.LeaseLock;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdSettings;
import io.leasehold.hazelcast.TestCluster;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Every documented meter moves under real work on three real members: leases granted, renewed,
 * expired; locks taken, refused, waited for, handed over, held, force-released; a keep-alive that
 * fails because its member died.
 */
class LeaseholdMetricsTest {

    private static final List<String> MEMBER_METERS = List.of(
            "leasehold.leases.live", "leasehold.leases.expiry.heap", "leasehold.leases.granted",
            "leasehold.leases.renew.requests", "leasehold.leases.revoked", "leasehold.leases.revoke.lag",
            "leasehold.leases.revoke.lag.max", "leasehold.locks.acquired", "leasehold.locks.handoffs",
            "leasehold.locks.freed.by.lease.end", "leasehold.locks.held", "leasehold.locks.waiters",
            "leasehold.lock.records", "leasehold.lock.records.idle", "leasehold.lock.records.removed");

    private static final List<String> MOMENTARY = List.of(
            "leasehold.locks.held", "leasehold.locks.waiters", "leasehold.lock.records.idle");

    /** The sum over every member (or the one client) of a meter's main figure: value, count or gauge. */
    private static double sum(MeterRegistry registry, String name) {
        double total = 0;
        for (Meter m : registry.find(name).meters()) {
            if (m instanceof FunctionCounter c) {
                total += c.count();
            } else if (m instanceof FunctionTimer t) {
                total += t.count();
            } else if (m instanceof TimeGauge g) {
                total += g.value(TimeUnit.MILLISECONDS);
            } else if (m instanceof Gauge g) {
                total += g.value();
            } else {
                fail("unexpected meter type " + m);
            }
        }
        return total;
    }

    private static double outcome(MeterRegistry registry, String outcome) {
        return registry.get("leasehold.client.acquire.outcomes").tag("outcome", outcome).functionCounter().count();
    }

    private static void awaitMoved(MeterRegistry registry, String name) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertTrue(sum(registry, name) > 0, name + " did not move"));
    }

    @Test
    void everyMeterMovesUnderRealWork() throws Exception {
        try (TestCluster cluster = new TestCluster(3)) {
            MeterRegistry members = new SimpleMeterRegistry();
            for (HazelcastInstance m : cluster.members) {
                new LeaseholdMemberMetrics(m, Tags.of("cluster", "test")).bindTo(members);
            }
            for (String name : MEMBER_METERS) {
                assertEquals(3, members.find(name).meters().size(), name + " per member");
                assertEquals(0, sum(members, name), name + " starts at zero");
            }
            HazelcastInstance stays = cluster.first();
            LeaseholdSettings settings = LeaseholdSettings.builder().sessionTtl(Duration.ofSeconds(3)).build();
            try (Leasehold a = HazelcastLeasehold.create(stays, settings);
                 Leasehold b = HazelcastLeasehold.create(stays, settings)) {
                MeterRegistry client = new SimpleMeterRegistry();
                new LeaseholdClientMetrics(a).bindTo(client);

                // Acquire at once, refused, timed out; a waiter queued then handed over.
                LeaseLock lock = a.lock("metered");
                LockHandle held = lock.tryLock().orElseThrow();
                assertTrue(lock.tryLock().isEmpty());
                assertTrue(lock.tryLock(Duration.ofMillis(50)).isEmpty());
                CompletableFuture<Optional<LockHandle>> waiter = CompletableFuture.supplyAsync(() -> {
                    try {
                        return lock.tryLock(Duration.ofSeconds(60));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                await().atMost(Duration.ofSeconds(30)).until(() -> lock.holder().orElseThrow().waiters() == 1);
                awaitMoved(members, "leasehold.locks.held");
                awaitMoved(members, "leasehold.locks.waiters");
                held.unlock();
                LockHandle handed = waiter.get(30, TimeUnit.SECONDS).orElseThrow();
                handed.unlock();
                awaitMoved(members, "leasehold.lock.records.idle");

                // A force release: the holder hears it.
                LockHandle forced = a.lock("forced").tryLock().orElseThrow();
                HazelcastLeasehold.admin(stays).forceRelease("forced");
                await().atMost(Duration.ofSeconds(30)).until(() -> !forced.isValid());

                // Leases: granted, renewed, one left to expire (revoked by a revoker, with lag), one
                // revoked holding a lock (freed by the end of its lease).
                Lease renewed = b.lessor().grant(Duration.ofSeconds(30));
                b.lessor().renew(renewed.id());
                b.lessor().grant(Duration.ofMillis(200));
                Lease ended = b.lessor().grant(Duration.ofSeconds(30));
                b.lock("ends-with-lease").tryLock(ended.id()).orElseThrow();
                b.lessor().revoke(ended.id());

                // Gauges of the moment (held, waiters, idle) were seen above; the rest stay moved.
                for (String name : MEMBER_METERS) {
                    if (!MOMENTARY.contains(name)) {
                        awaitMoved(members, name);
                    }
                }

                assertEquals(1, outcome(client, "granted") - 1, "two immediate grants: metered, forced");
                assertEquals(1, outcome(client, "handed_over"));
                assertEquals(1, outcome(client, "refused"));
                assertEquals(1, outcome(client, "timed_out"));
                assertEquals(3, client.get("leasehold.client.acquire").functionTimer().count());
                assertTrue(client.get("leasehold.client.acquire").functionTimer().totalTime(TimeUnit.NANOSECONDS) > 0);
                assertTrue(sum(client, "leasehold.client.acquire.max") > 0);
                assertEquals(2, client.get("leasehold.client.wait").functionTimer().count());
                assertTrue(client.get("leasehold.client.wait").functionTimer().totalTime(TimeUnit.NANOSECONDS) > 0);
                assertEquals(2, client.get("leasehold.client.hold").functionTimer().count(), "metered twice");
                awaitMoved(client, "leasehold.client.locks.lost");
                awaitMoved(client, "leasehold.client.lost.notices");
                awaitMoved(client, "leasehold.client.keepalive.round.trips");

                // A keep-alive to a member that dies fails.
                Lease kept = leaseOwnedElsewhere(cluster, a, stays);
                a.lessor().keepAlive(kept.id());
                HazelcastInstance owner = cluster.ownerOf(kept.id());
                assertNotSame(stays, owner);
                cluster.kill(owner);
                awaitMoved(client, "leasehold.client.keepalive.failures");
                // Let the migrations after the kill finish, so that stopping the cluster interrupts none.
                await().atMost(Duration.ofSeconds(60)).until(() -> stays.getPartitionService().isClusterSafe());
            }
        }
    }

    /** A short lease whose partition another member than {@code stays} owns. */
    private static Lease leaseOwnedElsewhere(TestCluster cluster, Leasehold leasehold, HazelcastInstance stays) {
        while (true) {
            Lease lease = leasehold.lessor().grant(Duration.ofMillis(300));
            if (cluster.ownerOf(lease.id()) != stays) {
                return lease;
            }
        }
    }
}
