package io.leasehold.resolver;

import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.TestCluster;
import org.eclipse.aether.named.NamedLock;
import org.eclipse.aether.named.NamedLockFactory;
import org.eclipse.aether.named.NamedLockKey;
import org.eclipse.aether.named.support.LockUpgradeNotSupportedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What Resolver checks of every named lock factory (the scenarios of its {@code NamedLockFactoryTestSupport},
 * which it does not publish as a test jar): reference counting, unlock without lock, boxing (re-entry)
 * of every pair, the refused upgrade, a refused request that waits its whole time, and threads of one
 * factory contending as builds do. On one member.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResolverContractTest {

    /** How long a losing thread waits, as Resolver's own scenarios do. */
    private static final long ACCESS_WAIT_MILLIS = 1_000;

    private TestCluster cluster;
    private Leasehold leasehold;
    private NamedLockFactory factory;
    private String name;

    @BeforeAll
    void start() {
        cluster = new TestCluster(1);
        leasehold = HazelcastLeasehold.create(cluster.first());
        factory = new LeaseholdNamedLockFactory(leasehold);
    }

    @AfterAll
    void stop() {
        try {
            factory.shutdown();
            leasehold.close();
        } finally {
            cluster.close();
        }
    }

    @BeforeEach
    void name(TestInfo test) {
        name = test.getTestMethod().orElseThrow().getName() + "-" + UUID.randomUUID();
    }

    private NamedLock lock(String n) {
        return factory.getLock(NamedLockKey.of(n));
    }

    @Test
    void refCounting() {
        try (NamedLock one = lock(name); NamedLock two = lock(name)) {
            assertSame(one, two, "one instance per key while referenced");
            one.close();
            two.close();
            try (NamedLock three = lock(name)) {
                assertNotSame(two, three, "a new instance once every reference was closed");
            }
        }
    }

    @Test
    void unlockWithoutLockIsRefused() {
        try (NamedLock one = lock(name)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, one::unlock);
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
    }

    @Test
    void exclusiveBoxesExclusive() throws Exception {
        try (NamedLock one = lock(name)) {
            assertTrue(one.lockExclusively(1, TimeUnit.MILLISECONDS));
            assertTrue(one.lockExclusively(1, TimeUnit.MILLISECONDS));
            one.unlock();
            one.unlock();
        }
        assertFreeForAnotherThread(name);
    }

    @Test
    void sharedBoxesShared() throws Exception {
        try (NamedLock one = lock(name)) {
            assertTrue(one.lockShared(1, TimeUnit.MILLISECONDS));
            assertTrue(one.lockShared(1, TimeUnit.MILLISECONDS));
            one.unlock();
            one.unlock();
        }
        assertFreeForAnotherThread(name);
    }

    @Test
    void exclusiveBoxesShared() throws Exception {
        try (NamedLock one = lock(name)) {
            assertTrue(one.lockExclusively(1, TimeUnit.MILLISECONDS));
            assertTrue(one.lockShared(1, TimeUnit.MILLISECONDS));
            one.unlock();
            assertFalse(exclusiveOnAnotherThread(name), "still held exclusively under the first step");
            one.unlock();
        }
        assertFreeForAnotherThread(name);
    }

    @Test
    void sharedDoesNotUpgradeToExclusive() throws Exception {
        try (NamedLock one = lock(name)) {
            assertTrue(one.lockShared(1, TimeUnit.MILLISECONDS));
            assertThrows(LockUpgradeNotSupportedException.class, () -> one.lockExclusively(1, TimeUnit.MILLISECONDS));
            one.unlock();
            assertThrows(IllegalStateException.class, one::unlock, "the refused upgrade left no step behind");
        }
        assertFreeForAnotherThread(name);
    }

    @Test
    void twoSharedThreadsBothWin() throws Exception {
        assertEquals(List.of(true, true), race(true, true));
    }

    @Test
    void twoExclusiveThreadsOneWins() throws Exception {
        assertEquals(1, race(false, false).stream().filter(won -> won).count());
    }

    @Test
    void sharedAndExclusiveThreadsOneWins() throws Exception {
        List<Boolean> outcome = race(true, false);
        assertEquals(1, outcome.stream().filter(won -> won).count(), "outcome " + outcome);
    }

    @Test
    void releasedExclusiveLetsAWaiterIn() throws Exception {
        try (NamedLock one = lock(name)) {
            assertTrue(one.lockExclusively(50, TimeUnit.MILLISECONDS));
            CompletableFuture<Boolean> waiter = onAnotherThread(() -> {
                try (NamedLock l = lock(name)) {
                    boolean got = l.lockShared(30, TimeUnit.SECONDS);
                    if (got) {
                        l.unlock();
                    }
                    return got;
                }
            });
            assertFalse(exclusiveOnAnotherThread(name), "held: the waiter is still waiting");
            one.unlock();
            assertTrue(waiter.get(30, TimeUnit.SECONDS), "the waiter got the lock once it was released");
        }
    }

    @Test
    void aRefusedRequestWaitsItsWholeTime() throws Exception {
        long waitMillis = 300;
        try (NamedLock one = lock(name)) {
            assertTrue(one.lockExclusively(1, TimeUnit.SECONDS));
            CompletableFuture<Long> waited = onAnotherThread(() -> {
                try (NamedLock l = lock(name)) {
                    long start = System.nanoTime();
                    boolean got = l.lockShared(waitMillis, TimeUnit.MILLISECONDS);
                    long took = System.nanoTime() - start;
                    return got ? -1L : took;
                }
            });
            long took = waited.get(30, TimeUnit.SECONDS);
            assertTrue(took >= TimeUnit.MILLISECONDS.toNanos(waitMillis),
                    "refused after its whole wait of " + waitMillis + " ms, not early (-1: it got the lock): " + took + " ns");
            one.unlock();
        }
        assertFreeForAnotherThread(name);
    }

    @Test
    void aShutDownFactoryRefusesNewLocks() {
        NamedLockFactory other = new LeaseholdNamedLockFactory(leasehold);
        other.shutdown();
        assertThrows(IllegalStateException.class, () -> other.getLock(NamedLockKey.of(name)));
        assertDoesNotThrow(() -> leasehold.readWriteLock(name).tryLockShared().orElseThrow().unlockAndWait(),
                "shutdown leaves the caller's Leasehold instance open");
    }

    @Test
    void aNegativeWaitIsRefusedByName() {
        try (NamedLock one = lock(name)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> one.lockShared(-1, TimeUnit.SECONDS));
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains("negative"), e.getMessage());
            assertThrows(IllegalStateException.class, one::unlock, "nothing was taken");
        }
    }

    @Test
    void noKeysAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> factory.getLock(List.of()));
    }

    /**
     * Two threads ask for the same name at once, each waiting {@value #ACCESS_WAIT_MILLIS} ms; a winner
     * keeps its lock until every thread has had its answer. Returns what each got.
     */
    private List<Boolean> race(boolean firstShared, boolean secondShared) throws Exception {
        CountDownLatch answered = new CountDownLatch(2);
        CompletableFuture<Boolean> first = onAnotherThread(() -> access(firstShared, answered));
        CompletableFuture<Boolean> second = onAnotherThread(() -> access(secondShared, answered));
        return List.of(first.get(30, TimeUnit.SECONDS), second.get(30, TimeUnit.SECONDS));
    }

    private boolean access(boolean shared, CountDownLatch answered) throws Exception {
        try (NamedLock l = lock(name)) {
            boolean won = shared ? l.lockShared(ACCESS_WAIT_MILLIS, TimeUnit.MILLISECONDS)
                    : l.lockExclusively(ACCESS_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            answered.countDown();
            answered.await();
            if (won) {
                l.unlock();
            }
            return won;
        }
    }

    private boolean exclusiveOnAnotherThread(String n) throws Exception {
        return exclusiveOnAnotherThread(n, 0);
    }

    private boolean exclusiveOnAnotherThread(String n, long waitMillis) throws Exception {
        return onAnotherThread(() -> {
            try (NamedLock l = lock(n)) {
                boolean got = l.lockExclusively(waitMillis, TimeUnit.MILLISECONDS);
                if (got) {
                    l.unlock();
                }
                return got;
            }
        }).get(30, TimeUnit.SECONDS);
    }

    private void assertFreeForAnotherThread(String n) throws Exception {
        assertTrue(exclusiveOnAnotherThread(n, 10_000), "'" + n + "' is free: nothing was left held");
    }

    interface Call<T> {
        T call() throws Exception;
    }

    private static <T> CompletableFuture<T> onAnotherThread(Call<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "resolver-contract");
        t.setDaemon(true);
        t.start();
        return result;
    }
}
