package io.leasehold.vertx;

import io.leasehold.FenceChecker;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.shareddata.Counter;
import io.vertx.core.shareddata.Lock;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static io.leasehold.vertx.VertxNode.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Three clustered Vert.x nodes on loopback with leasehold-vertx on the classpath, as users run them:
 * {@code vertx.sharedData()} locks and counters under contention, a node that leaves or dies holding a
 * lock, and the fence at a resource. The nodes start once for the class; the last test stops one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusteredVertxTest {

    /** Longer than the wait of the leave test, so only the leaving node's own release can free its lock in time. */
    static final Duration SESSION_TTL = Duration.ofSeconds(30);

    private final String cluster = "leasehold-vertx-test-" + UUID.randomUUID();
    private final List<VertxNode> nodes = new ArrayList<>();
    private VertxNode a;
    private VertxNode b;
    private VertxNode c;

    @BeforeAll
    void startNodes() throws Exception {
        for (int i = 1; i <= 3; i++) {
            nodes.add(VertxNode.start(cluster, i, SESSION_TTL)); // one after another
        }
        a = nodes.get(0);
        b = nodes.get(1);
        c = nodes.get(2);
    }

    @AfterAll
    void stopNodes() {
        for (VertxNode node : nodes) {
            try {
                node.close();
            } catch (Exception e) {
                node.member.getLifecycleService().terminate();
            }
        }
    }

    @Test
    @Order(1)
    void locksUnderContentionHaveOneHolderAtATimeAndEveryFenceAboveThePrevious() throws Exception {
        String name = unique("contended");
        int rounds = 6;
        Contention contention = new Contention();
        List<Future<Void>> workers = new ArrayList<>();
        for (VertxNode node : List.of(a, b, c)) {
            for (int w = 0; w < 3; w++) {
                workers.add(contention.worker(node.vertx, name, rounds));
            }
        }
        await(Future.all(workers));

        int acquisitions = workers.size() * rounds;
        assertEquals(0, contention.overlaps.get(), "acquisitions that found another holder inside");
        assertEquals(acquisitions, contention.unguarded.get(), "an unguarded read-modify-write lost updates");
        assertEquals(List.of(), contention.fenceProblems);
        assertEquals(acquisitions, contention.eventLoopReleases.get(), "releases made on event-loop threads");
    }

    /** Workers that lock, check they are alone, check the fence went up, and release from the event loop. */
    private static final class Contention {
        final AtomicInteger holders = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        final AtomicLong lastFence = new AtomicLong(Long.MIN_VALUE);
        final List<String> fenceProblems = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicLong unguarded = new AtomicLong();
        final AtomicInteger eventLoopReleases = new AtomicInteger();

        Future<Void> worker(Vertx vertx, String name, int rounds) {
            if (rounds == 0) {
                return Future.succeededFuture();
            }
            return vertx.sharedData().getLockWithTimeout(name, 30_000).compose(lock -> {
                if (holders.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                long fence = LeaseholdVertx.fence(lock);
                long previous = lastFence.getAndSet(fence);
                if (fence <= previous) {
                    fenceProblems.add("fence " + fence + " after " + previous);
                }
                unguarded.set(unguarded.get() + 1); // lost updates if two holders overlap
                holders.decrementAndGet();
                if (Context.isOnEventLoopThread()) {
                    eventLoopReleases.incrementAndGet();
                }
                lock.release();
                return worker(vertx, name, rounds - 1);
            });
        }
    }

    @Test
    @Order(2)
    void aCounterUnderContentionCountsEveryIncrementOnce() throws Exception {
        String name = unique("counter");
        int perWorker = 25;
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        List<Future<Void>> workers = new ArrayList<>();
        for (VertxNode node : List.of(a, b, c)) {
            for (int w = 0; w < 4; w++) {
                workers.add(node.vertx.sharedData().getCounter(name).compose(counter -> increments(counter, perWorker, seen)));
            }
        }
        await(Future.all(workers));

        long total = (long) workers.size() * perWorker;
        assertEquals(LongStream.range(0, total).boxed().collect(Collectors.toSet()), seen,
                "getAndIncrement handed out every value from 0 once");
        for (VertxNode node : List.of(a, b, c)) {
            assertEquals(total, await(await(node.vertx.sharedData().getCounter(name)).get()));
        }
    }

    private static Future<Void> increments(Counter counter, int left, Set<Long> seen) {
        if (left == 0) {
            return Future.succeededFuture();
        }
        return counter.getAndIncrement().compose(value -> {
            if (!seen.add(value)) {
                return Future.failedFuture("value " + value + " handed out twice");
            }
            return increments(counter, left - 1, seen);
        });
    }

    @Test
    @Order(3)
    void aCounterHasVertxSemanticsAcrossNodes() throws Exception {
        String name = unique("semantics");
        Counter onB = await(b.vertx.sharedData().getCounter(name));
        Counter onC = await(c.vertx.sharedData().getCounter(name));
        assertEquals(0L, await(onB.get()), "a new counter reads 0");
        assertTrue(await(onB.compareAndSet(0, 5)));
        assertFalse(await(onC.compareAndSet(0, 7)), "compareAndSet against a stale expectation");
        assertEquals(5L, await(onC.getAndAdd(2)));
        assertEquals(10L, await(onB.addAndGet(3)));
        assertEquals(9L, await(onC.decrementAndGet()));
        assertEquals(10L, await(onB.incrementAndGet()));
        assertEquals(10L, await(onC.getAndIncrement()));
        assertEquals(11L, await(onB.get()));
    }

    @Test
    @Order(4)
    void aVertxLockIsTheLeaseholdLockOfTheSameNameAndTimesOutLikeVertx() throws Exception {
        String name = unique("shared");
        Lock held = await(a.vertx.sharedData().getLockWithTimeout(name, 5_000));
        try (Leasehold plain = HazelcastLeasehold.create(b.member)) {
            assertTrue(plain.lock(name).tryLock().isEmpty(), "Leasehold sees the Vert.x hold");
            ExecutionException timedOut = assertThrows(ExecutionException.class,
                    () -> await(c.vertx.sharedData().getLockWithTimeout(name, 200)));
            assertInstanceOf(VertxException.class, timedOut.getCause());
            assertTrue(timedOut.getCause().getMessage().contains(name), timedOut.getCause().getMessage());
            held.release();
            held.release(); // a second release does nothing
            assertTrue(plain.lock(name).tryLock(Duration.ofSeconds(10)).orElseThrow().fence() > LeaseholdVertx.fence(held));
        }
    }

    @Test
    @Order(5)
    void theFenceLetsTheResourceRefuseAHolderWhoseLeaseEnded() throws Exception {
        String name = unique("ledger");
        FenceChecker ledger = new FenceChecker();
        Lock stale = await(a.vertx.sharedData().getLockWithTimeout(name, 5_000));
        long staleFence = LeaseholdVertx.fence(stale);
        assertTrue(ledger.tryAccept(name, staleFence));

        // The holder on node a stalls; its session lease ends (revoked here, as the cluster does once renewals stop).
        long lease = ((FencedVertxLock) stale).handle().leaseId();
        try (Leasehold operator = HazelcastLeasehold.create(b.member)) {
            operator.lessor().revokeAndWait(lease);
        }
        Lock fresh = await(b.vertx.sharedData().getLockWithTimeout(name, 10_000));
        long freshFence = LeaseholdVertx.fence(fresh);
        assertTrue(freshFence > staleFence, freshFence + " after " + staleFence);
        assertTrue(ledger.tryAccept(name, freshFence));
        assertFalse(ledger.tryAccept(name, staleFence), "the stalled holder's late write is refused");
        fresh.release();
        stale.release(); // lost already: logged, nothing else changes
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> !LeaseholdVertx.isValid(stale));
    }

    @Test
    @Order(6)
    void theReadmeSnippetShipsAnOrderUnderItsFence() throws Exception {
        FenceChecker orders = new FenceChecker();
        long first = await(VertxExample.shipOrder(a.vertx, (id, fence) -> orders.accept("order-" + id, fence), "42"));
        long second = await(VertxExample.shipOrder(c.vertx, (id, fence) -> orders.accept("order-" + id, fence), "42"));
        assertTrue(second > first, second + " after " + first);
        assertEquals(second, orders.highest("order-42"));
    }

    @Test
    @Order(7)
    void aLeavingNodeRevokesTheLeasesOfItsLocksEvenWhenItsLeaseholdStoppedWithoutRevoking() throws Exception {
        String name = unique("left");
        try (Leasehold holder = HazelcastLeasehold.create(b.member);
             Leasehold stopped = HazelcastLeasehold.create(b.member);
             Leasehold other = HazelcastLeasehold.create(a.member)) {
            stopped.close(); // stands for the instance that stopped with its member before the node's listener ran
            NodeLeave leave = new NodeLeave(stopped, HazelcastLeasehold.admin(b.member));
            LockHandle hold = leave.held(holder.lock(name).tryLock().orElseThrow());
            assertTrue(other.lock(name).tryLock().isEmpty());

            leave.leave();
            assertTrue(other.lock(name).tryLock().orElseThrow().fence() > hold.fence(), "free once leave() returns");
        }
    }

    @Test
    @Order(8)
    void aCrashedNodesLockIsFreedWhenItsSessionLeaseRunsOut() throws Exception {
        String name = unique("crash");
        try (ForkedVertxNode crashing = ForkedVertxNode.start(cluster, nodes.size() + 1, name)) {
            long crashedFence = crashing.awaitHeldFence(VertxNode.START_TIMEOUT);
            Future<Lock> waiter = a.vertx.sharedData().getLockWithTimeout(name, 45_000);
            crashing.kill();
            Lock lock = await(waiter);
            assertTrue(LeaseholdVertx.fence(lock) > crashedFence);
            lock.release();
        }
    }

    @Test
    @Order(9)
    void aNodeThatLeavesHoldingALockFreesIt() throws Exception {
        String name = unique("leaving");
        Lock held = await(c.vertx.sharedData().getLockWithTimeout(name, 5_000));
        long heldFence = LeaseholdVertx.fence(held);
        // Shorter than the session TTL: only the leaving node's own revoke frees the lock in time.
        Future<Lock> waiter = a.vertx.sharedData().getLockWithTimeout(name, 20_000);
        assertFalse(waiter.isComplete(), "the lock is held by node c");
        nodes.remove(c);
        c.close(); // vertx.close(): the cluster manager leaves, the member shuts down

        Lock lock = await(waiter);
        assertTrue(LeaseholdVertx.fence(lock) > heldFence);
        lock.release();
    }

    private static String unique(String what) {
        return what + "-" + UUID.randomUUID();
    }
}
