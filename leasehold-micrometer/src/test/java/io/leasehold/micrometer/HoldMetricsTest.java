package io.leasehold.micrometer;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.LeaseSemaphore;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.TestCluster;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The semaphore and read-write lock meters count what happened on two real members: permits granted
 * at once and handed to a waiter, read and write holds granted and handed over, the census of held
 * permits, holds and waiters, and on the instance its acquires (a drain included), refusals and
 * releases by kind.
 */
class HoldMetricsTest {

    /** The sum over every member of a meter's value, for the given tag (or every meter of the name). */
    private static double sum(MeterRegistry registry, String name, String... tag) {
        Search search = registry.find(name);
        if (tag.length == 2) {
            search = search.tag(tag[0], tag[1]);
        }
        double total = 0;
        for (Meter m : search.meters()) {
            if (m instanceof FunctionCounter c) {
                total += c.count();
            } else if (m instanceof Gauge g) {
                total += g.value();
            } else {
                fail("unexpected meter type " + m);
            }
        }
        return total;
    }

    private static void awaitValue(MeterRegistry registry, double expected, String name, String... tag) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertEquals(expected, sum(registry, name, tag), name + " " + String.join("=", tag)));
    }

    @Test
    void semaphoreAndReadWriteMetersCountPermitsHoldsAndWaiters() throws Exception {
        try (TestCluster cluster = new TestCluster(2)) {
            MeterRegistry members = new SimpleMeterRegistry();
            for (HazelcastInstance m : cluster.members) {
                new LeaseholdMemberMetrics(m, Tags.of("cluster", "test")).bindTo(members);
            }
            assertEquals(4, members.find("leasehold.holds.granted").meters().size(), "two kinds per member");
            assertEquals(4, members.find("leasehold.rwlocks.holds").meters().size(), "two modes per member");
            assertEquals(0, sum(members, "leasehold.semaphores.permits.held"));
            try (Leasehold a = HazelcastLeasehold.create(cluster.first());
                 Leasehold b = HazelcastLeasehold.create(cluster.first())) {
                MeterRegistry client = new SimpleMeterRegistry();
                new LeaseholdClientMetrics(a).bindTo(client);
                assertEquals(3, client.find("leasehold.client.holds.acquired").meters().size());

                // Semaphore: two of three permits taken, a try for two refused, a waiter for two queued.
                LeaseSemaphore pool = a.semaphore("metered-pool");
                assertTrue(pool.init(3));
                pool.tryAcquire(2).orElseThrow();
                assertTrue(pool.tryAcquire(2).isEmpty());
                CompletableFuture<OptionalLong> permitWaiter = CompletableFuture.supplyAsync(() -> {
                    try {
                        return b.semaphore("metered-pool").tryAcquire(2, Duration.ofSeconds(60));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });

                // Read-write: a read hold, a refused write, a queued writer.
                LockHandle read = a.readWriteLock("metered-doc").tryLockShared().orElseThrow();
                assertTrue(a.readWriteLock("metered-doc").tryLockExclusive().isEmpty());
                CompletableFuture<Optional<LockHandle>> writer = CompletableFuture.supplyAsync(() -> {
                    try {
                        return b.readWriteLock("metered-doc").tryLockExclusive(Duration.ofSeconds(60));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });

                awaitValue(members, 2, "leasehold.semaphores.permits.held");
                awaitValue(members, 1, "leasehold.semaphores.waiters");
                awaitValue(members, 1, "leasehold.rwlocks.holds", "mode", "shared");
                awaitValue(members, 1, "leasehold.rwlocks.waiters");
                assertEquals(0, sum(members, "leasehold.rwlocks.holds", "mode", "exclusive"));
                assertTrue(sum(members, "leasehold.hold.records") >= 2, "a semaphore and a read-write lock record");

                // Releases hand both over.
                pool.release(2);
                permitWaiter.get(30, TimeUnit.SECONDS).orElseThrow();
                read.unlock();
                LockHandle written = writer.get(30, TimeUnit.SECONDS).orElseThrow();

                awaitValue(members, 1, "leasehold.rwlocks.holds", "mode", "exclusive");
                awaitValue(members, 0, "leasehold.rwlocks.holds", "mode", "shared");
                awaitValue(members, 0, "leasehold.rwlocks.waiters");
                awaitValue(members, 0, "leasehold.semaphores.waiters");
                assertEquals(1, sum(members, "leasehold.holds.granted", "kind", "semaphore"));
                assertEquals(1, sum(members, "leasehold.holds.handoffs", "kind", "semaphore"));
                assertEquals(1, sum(members, "leasehold.holds.granted", "kind", "rwlock"));
                assertEquals(1, sum(members, "leasehold.holds.handoffs", "kind", "rwlock"));

                assertEquals(1, sum(client, "leasehold.client.holds.acquired", "kind", "semaphore"));
                assertEquals(1, sum(client, "leasehold.client.holds.acquired", "kind", "shared"));
                assertEquals(0, sum(client, "leasehold.client.holds.acquired", "kind", "exclusive"));
                assertEquals(1, sum(client, "leasehold.client.holds.not.acquired", "kind", "semaphore"));
                assertEquals(1, sum(client, "leasehold.client.holds.not.acquired", "kind", "exclusive"));
                assertEquals(1, sum(client, "leasehold.client.holds.released", "kind", "semaphore"));
                assertEquals(1, sum(client, "leasehold.client.holds.released", "kind", "shared"));
                assertEquals(2, sum(client, "leasehold.client.permits.acquired"));
                assertEquals(2, sum(client, "leasehold.client.permits.released"));

                written.unlock();
                b.semaphore("metered-pool").release(2);
                awaitValue(members, 0, "leasehold.semaphores.permits.held");

                // Draining takes every free permit: one more grant on both sides, three more permits.
                assertEquals(3, pool.drainPermits());
                assertEquals(2, sum(client, "leasehold.client.holds.acquired", "kind", "semaphore"));
                assertEquals(5, sum(client, "leasehold.client.permits.acquired"));
                assertEquals(2, sum(members, "leasehold.holds.granted", "kind", "semaphore"));
                awaitValue(members, 3, "leasehold.semaphores.permits.held");
                pool.release(3);
                assertEquals(5, sum(client, "leasehold.client.permits.released"));
            }
        }
    }
}
