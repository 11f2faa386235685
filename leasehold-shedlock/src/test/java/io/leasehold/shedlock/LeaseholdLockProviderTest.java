package io.leasehold.shedlock;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.FenceChecker;
import io.leasehold.Leasehold;
import io.leasehold.LockHolder;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.testkit.TwoLeaseholds;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockExtender;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockingTaskExecutor.TaskResult;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * ShedLock's own executor ({@link DefaultLockingTaskExecutor}, what its Spring integration calls) on
 * two real members, a Leasehold instance and a provider on each.
 */
class LeaseholdLockProviderTest extends TwoLeaseholds {

    private LeaseholdLockProvider providerA;
    private LeaseholdLockProvider providerB;
    private LockingTaskExecutor nodeA;
    private LockingTaskExecutor nodeB;

    @BeforeAll
    void startProviders() {
        providerA = new LeaseholdLockProvider(a, "jobs:");
        providerB = new LeaseholdLockProvider(b, "jobs:");
        nodeA = new DefaultLockingTaskExecutor(providerA);
        nodeB = new DefaultLockingTaskExecutor(providerB);
    }

    @AfterAll
    void stopProviders() {
        providerA.close();
        providerB.close();
    }

    private static LockConfiguration config(String name, Duration atMost, Duration atLeast) {
        return new LockConfiguration(ClockProvider.now(), name, atMost, atLeast);
    }

    private LockHolder holder(String name) {
        return b.lock("jobs:" + name).holder().orElse(null);
    }

    @Test
    void scheduledTaskRunsOnOneNodeAtATime() throws Exception {
        String name = unique("report");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger runs = new AtomicInteger();
        FenceChecker resource = new FenceChecker();
        ExecutorService schedulers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (LockingTaskExecutor node : List.of(nodeA, nodeB, nodeA, nodeB)) {
                done.add(schedulers.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        node.executeWithLock((Runnable) () -> {
                            if (inside.incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            resource.accept(name, LeaseholdLockProvider.currentFence());
                            runs.incrementAndGet();
                            Thread.yield();
                            inside.decrementAndGet();
                        }, config(name, Duration.ofSeconds(30), Duration.ZERO));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            schedulers.shutdownNow();
        }
        assertEquals(0, overlaps.get(), "the task ran on two nodes at once");
        assertTrue(runs.get() > 0);
        assertNull(holder(name), "released after the last run");
    }

    @Test
    void taskIsSkippedWhileAnotherNodeRunsItAndSeesItsFence() throws Throwable {
        String name = unique("busy");
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService scheduler = Executors.newSingleThreadExecutor();
        try {
            Future<TaskResult<Long>> onA = scheduler.submit(() -> {
                try {
                    return nodeA.executeWithLock(() -> {
                        running.countDown();
                        assertTrue(finish.await(30, TimeUnit.SECONDS));
                        return LeaseholdLockProvider.currentFence();
                    }, config(name, Duration.ofSeconds(30), Duration.ZERO));
                } catch (Throwable t) {
                    throw new AssertionError(t);
                }
            });
            assertTrue(running.await(20, TimeUnit.SECONDS));
            TaskResult<Object> onB = nodeB.executeWithLock(() -> "ran", config(name, Duration.ofSeconds(30), Duration.ZERO));
            assertFalse(onB.wasExecuted(), "skipped: node A holds the lock");
            finish.countDown();
            TaskResult<Long> resultA = onA.get(20, TimeUnit.SECONDS);
            assertTrue(resultA.wasExecuted());
            assertTrue(resultA.getResult() > 0);
            TaskResult<Long> again = nodeB.executeWithLock(() -> LeaseholdLockProvider.currentFence(),
                    config(name, Duration.ofSeconds(30), Duration.ZERO));
            assertTrue(again.getResult() > resultA.getResult(), "fences grow from one run to the next");
        } finally {
            scheduler.shutdownNow();
        }
        assertThrows(IllegalStateException.class, LeaseholdLockProvider::currentFence, "outside a locked task");
    }

    @Test
    void extendRenewsTheLeaseFromNow() throws Throwable {
        String name = unique("extend");
        Duration atMost = Duration.ofSeconds(10);
        TaskResult<Boolean> result = nodeA.executeWithLock(() -> {
            long lease = holder(name).leaseId();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> b.lessor().timeToLive(lease).remainingTtl().compareTo(Duration.ofMillis(9_300)) < 0);
            Duration before = b.lessor().timeToLive(lease).remainingTtl();
            long fence = LeaseholdLockProvider.currentFence();
            LockExtender.extendActiveLock(atMost, Duration.ZERO);
            assertEquals(fence, LeaseholdLockProvider.currentFence(), "an extension keeps the hold and its fence");
            return b.lessor().timeToLive(lease).remainingTtl().compareTo(before) > 0;
        }, config(name, atMost, Duration.ZERO));
        assertTrue(result.getResult(), "the lease was renewed");
        assertNull(holder(name));
    }

    @Test
    void extendBeyondTheLeaseTtlKeepsTheLockPastTheOriginalLockAtMostFor() throws Throwable {
        String name = unique("extend-long");
        SimpleLock lock = providerA.lock(config(name, Duration.ofMillis(800), Duration.ZERO)).orElseThrow();
        long fence = ((LeaseholdSimpleLock) lock).fence();
        SimpleLock extended = lock.extend(Duration.ofSeconds(30), Duration.ZERO).orElseThrow();
        assertThrows(IllegalStateException.class, lock::unlock, "the extended-from lock is spent");
        // Held well past the first 800 ms: the provider renews the lease towards the new lockAtMostFor.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> holder(name) != null && holder(name).fence() == fence);
        assertTrue(providerB.lock(config(name, Duration.ofSeconds(5), Duration.ZERO)).isEmpty());
        extended.unlock();
        assertNull(holder(name));
    }

    @Test
    void lockAtLeastForKeepsOtherNodesOutAfterTheTaskEnds() throws Throwable {
        String name = unique("at-least");
        TaskResult<Object> first = nodeA.executeWithLock(() -> "quick",
                config(name, Duration.ofSeconds(30), Duration.ofSeconds(3)));
        assertTrue(first.wasExecuted());
        // The task is over, but lockAtLeastFor has not run out on the lease's owner: still held.
        assertNotNull(holder(name), "released before lockAtLeastFor");
        assertFalse(nodeB.executeWithLock(() -> "too soon", config(name, Duration.ofSeconds(30), Duration.ZERO))
                .wasExecuted());
        // Released after lockAtLeastFor, long before lockAtMostFor (30 s).
        await().atMost(Duration.ofSeconds(20)).until(() -> holder(name) == null);
        assertTrue(nodeB.executeWithLock(() -> "later", config(name, Duration.ofSeconds(30), Duration.ZERO))
                .wasExecuted());
    }

    @Test
    void lockAtMostForFreesTheLockWhenItsHolderDies() throws Throwable {
        String name = unique("orphan");
        HazelcastInstance client = cluster.newClient();
        Leasehold doomed = HazelcastLeasehold.create(client);
        LeaseholdLockProvider doomedProvider = new LeaseholdLockProvider(doomed, "jobs:");
        long fence;
        try {
            SimpleLock lock = doomedProvider.lock(config(name, Duration.ofMillis(1_500), Duration.ZERO)).orElseThrow();
            fence = ((LeaseholdSimpleLock) lock).fence();
            assertFalse(nodeB.executeWithLock(() -> "held", config(name, Duration.ofSeconds(30), Duration.ZERO))
                    .wasExecuted());
        } finally {
            doomedProvider.close();
            client.getLifecycleService().terminate(); // dies holding the lock, without unlocking
        }
        // The lease of lockAtMostFor expires on its owner, with no one's help.
        await().atMost(Duration.ofSeconds(20)).until(() -> holder(name) == null);
        TaskResult<Long> next = nodeB.executeWithLock(() -> LeaseholdLockProvider.currentFence(),
                config(name, Duration.ofSeconds(30), Duration.ZERO));
        assertTrue(next.wasExecuted());
        assertTrue(next.getResult() > fence);
    }

    @Test
    void lockAtMostForBelowTheMembersMinimumIsRefusedNotLengthened() {
        // The test members' minimum TTL is 100 ms: a shorter lockAtMostFor is refused, naming it.
        String name = unique("too-short");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> providerA.lock(config(name, Duration.ofMillis(50), Duration.ZERO)));
        assertTrue(e.getMessage().contains("minimum TTL of 100 ms"), e.getMessage());
        assertNull(holder(name));
        SimpleLock least = providerA.lock(config(name, Duration.ofMillis(100), Duration.ZERO)).orElseThrow();
        least.unlock();
        assertNull(holder(name));
    }

    @Test
    void extendingALostLockReturnsEmpty() {
        String name = unique("lost");
        SimpleLock lock = providerA.lock(config(name, Duration.ofMillis(500), Duration.ZERO)).orElseThrow();
        await().atMost(Duration.ofSeconds(20)).until(() -> holder(name) == null);
        assertTrue(lock.extend(Duration.ofSeconds(5), Duration.ZERO).isEmpty());
        lock.unlock(); // still usable after a failed extension: cleans up, logs the loss
        SimpleLock again = providerA.lock(config(name, Duration.ofSeconds(5), Duration.ZERO)).orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> again.extend(Duration.ofSeconds(1), Duration.ofSeconds(2)));
        again.unlock(); // a refused extension changed nothing
        assertNull(holder(name));
    }
}
