package io.leasehold.fencedlock;

import com.hazelcast.config.cp.SemaphoreConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.ISemaphore;
import com.hazelcast.spi.exception.DistributedObjectDestroyedException;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The behaviours of {@link ISemaphore} that its documentation and Hazelcast's own session-aware CP
 * semaphore tests assert, run on {@link LeaseholdISemaphore}: {@link #a} is the code under test,
 * {@link #b} another process. Each subclass says where the two instances connect.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ISemaphoreContract {

    private static final Duration BOUND = Duration.ofSeconds(20);

    protected Leasehold a;
    protected Leasehold b;
    private ExecutorService pool;

    protected abstract void startTopology();

    protected abstract HazelcastInstance endpoint(int i);

    protected abstract void stopTopology();

    @BeforeAll
    void start() {
        startTopology();
        a = HazelcastLeasehold.create(endpoint(0));
        b = HazelcastLeasehold.create(endpoint(1));
        pool = Executors.newCachedThreadPool();
    }

    @AfterAll
    void stop() {
        try {
            pool.shutdownNow();
            LeaseholdSemaphores.forget(a);
            LeaseholdSemaphores.forget(b);
            a.close();
            b.close();
        } finally {
            stopTopology();
        }
    }

    private static String unique(String what) {
        return what + "-" + UUID.randomUUID();
    }

    @Test
    void initSetsTheCountOnce() {
        ISemaphore semaphore = LeaseholdSemaphores.get(a, unique("init"));
        assertTrue(semaphore.init(7));
        assertEquals(7, semaphore.availablePermits());
        assertFalse(semaphore.init(5), "already initialised");
        assertFalse(LeaseholdSemaphores.get(b, semaphore.getName()).init(9), "initialised for every instance");
        assertEquals(7, LeaseholdSemaphores.get(b, semaphore.getName()).availablePermits());
    }

    @Test
    void acquireTakesAndReleaseGivesBack() throws InterruptedException {
        ISemaphore semaphore = LeaseholdSemaphores.get(a, unique("acquire"));
        semaphore.init(7);
        semaphore.acquire();
        assertEquals(6, semaphore.availablePermits());
        semaphore.acquire(3);
        assertEquals(3, semaphore.availablePermits());
        assertEquals(3, LeaseholdSemaphores.get(b, semaphore.getName()).availablePermits(), "seen by another process");
        semaphore.release();
        assertEquals(4, semaphore.availablePermits());
        semaphore.release(3);
        assertEquals(7, semaphore.availablePermits());
    }

    @Test
    void tryAcquireTakesWhatIsFreeAndOtherwiseReturnsFalseAtOnce() throws InterruptedException {
        ISemaphore semaphore = LeaseholdSemaphores.get(a, unique("try"));
        semaphore.init(10);
        for (int i = 0; i < 5; i++) {
            assertEquals(10 - i, semaphore.availablePermits());
            assertTrue(semaphore.tryAcquire());
        }
        assertTrue(semaphore.tryAcquire(5));
        assertFalse(semaphore.tryAcquire());
        assertFalse(semaphore.tryAcquire(1));
        assertFalse(semaphore.tryAcquire(1, 0, TimeUnit.SECONDS), "a timeout of 0 does not wait");
        assertFalse(semaphore.tryAcquire(1, -1, TimeUnit.SECONDS), "nor does a negative one");
        assertFalse(semaphore.tryAcquire(200, TimeUnit.MILLISECONDS), "gives up when the timeout runs out");
        assertEquals(0, semaphore.availablePermits());
        semaphore.release(10);
    }

    @Test
    void countsBelowOneAreRefusedByNameAndChangeNothing() {
        String name = unique("bad");
        ISemaphore semaphore = LeaseholdSemaphores.get(a, name);
        refused(name, () -> semaphore.init(-1));
        semaphore.init(5);
        refused(name, () -> semaphore.acquire(-5));
        refused(name, () -> semaphore.acquire(0));
        refused(name, () -> semaphore.tryAcquire(-5));
        refused(name, () -> semaphore.tryAcquire(-1, 1, TimeUnit.SECONDS));
        refused(name, () -> semaphore.release(-5));
        refused(name, () -> semaphore.release(0));
        refused(name, () -> semaphore.increasePermits(-5));
        refused(name, () -> semaphore.reducePermits(-5));
        semaphore.increasePermits(0);
        semaphore.reducePermits(0);
        assertEquals(5, semaphore.availablePermits(), "nothing changed");
    }

    private static void refused(String name, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(name), e.getMessage());
    }

    @Test
    void releasingPermitsNotHeldIsRefused() throws InterruptedException {
        String name = unique("release");
        ISemaphore semaphore = LeaseholdSemaphores.get(a, name);
        semaphore.init(7);
        semaphore.acquire(1);
        IllegalArgumentException more = assertThrows(IllegalArgumentException.class, () -> semaphore.release(3));
        assertTrue(more.getMessage().contains(name), more.getMessage());
        assertEquals(6, semaphore.availablePermits(), "nothing was released");

        try (Leasehold fresh = HazelcastLeasehold.create(endpoint(1))) {
            IllegalStateException noSession = assertThrows(IllegalStateException.class,
                    () -> LeaseholdSemaphores.get(fresh, name).release());
            assertTrue(noSession.getMessage().contains(name), noSession.getMessage());
            LeaseholdSemaphores.forget(fresh);
        }
        assertEquals(6, semaphore.availablePermits());
        semaphore.release();
    }

    @Test
    void anotherThreadOfTheSameInstanceMayRelease() throws Exception {
        ISemaphore semaphore = LeaseholdSemaphores.get(a, unique("thread"));
        semaphore.init(2);
        semaphore.acquire(2);
        pool.submit(() -> semaphore.release(2)).get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertEquals(2, semaphore.availablePermits());
    }

    @Test
    void aBlockedAcquireWaitsUntilAReleaseHandsItThePermit() throws Exception {
        String name = unique("blocked");
        ISemaphore mine = LeaseholdSemaphores.get(a, name);
        ISemaphore theirs = LeaseholdSemaphores.get(b, name);
        mine.init(2);
        mine.acquire(2);
        Future<?> waiting = pool.submit(() -> {
            theirs.acquire(2);
            return null;
        });
        Awaitility.await().during(Duration.ofMillis(500)).atMost(BOUND)
                .until(() -> !waiting.isDone() && mine.availablePermits() == 0);
        mine.release();
        Awaitility.await().during(Duration.ofMillis(300)).atMost(BOUND).until(() -> !waiting.isDone());
        mine.release();
        waiting.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertEquals(0, mine.availablePermits(), "the waiter holds both");
        theirs.release(2);
        assertEquals(2, mine.availablePermits());
    }

    @Test
    void aRequestForMorePermitsThanThereAreWaitsForAnIncrease() throws Exception {
        String name = unique("more");
        ISemaphore semaphore = LeaseholdSemaphores.get(a, name);
        semaphore.init(2);
        Future<?> waiting = pool.submit(() -> {
            LeaseholdSemaphores.get(b, name).acquire(3);
            return null;
        });
        Awaitility.await().during(Duration.ofMillis(300)).atMost(BOUND).until(() -> !waiting.isDone());
        assertFalse(semaphore.tryAcquire(), "first come, first served: the larger request at the head goes first");
        semaphore.increasePermits(1);
        waiting.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertEquals(0, semaphore.availablePermits());
        LeaseholdSemaphores.get(b, name).release(3);
    }

    @Test
    void tryAcquireWithATimeoutGetsPermitsFreedWhileItWaits() throws Exception {
        String name = unique("timed");
        ISemaphore mine = LeaseholdSemaphores.get(a, name);
        ISemaphore theirs = LeaseholdSemaphores.get(b, name);
        mine.init(3);
        mine.acquire(3);
        Future<Boolean> waiting = pool.submit(() -> theirs.tryAcquire(2, 30, TimeUnit.SECONDS));
        Awaitility.await().during(Duration.ofMillis(300)).atMost(BOUND).until(() -> !waiting.isDone());
        mine.release(3);
        assertTrue(waiting.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        assertEquals(1, mine.availablePermits());
        theirs.release(2);
    }

    @Test
    void increaseServesAWaiterReduceCanTurnAvailableNegativeDrainTakesWhatIsFree() throws Exception {
        String name = unique("change");
        ISemaphore semaphore = LeaseholdSemaphores.get(a, name);
        semaphore.init(0);
        Future<Boolean> waiting = pool.submit(() -> LeaseholdSemaphores.get(b, name).tryAcquire(30, TimeUnit.SECONDS));
        Awaitility.await().during(Duration.ofMillis(300)).atMost(BOUND).until(() -> !waiting.isDone());
        semaphore.increasePermits(1);
        assertTrue(waiting.get(BOUND.toSeconds(), TimeUnit.SECONDS), "the increase served the waiter");
        assertEquals(0, semaphore.availablePermits());

        semaphore.increasePermits(100);
        assertEquals(100, semaphore.availablePermits());
        semaphore.acquire(20);
        assertEquals(80, semaphore.drainPermits());
        assertEquals(0, semaphore.availablePermits());
        assertEquals(0, semaphore.drainPermits(), "nothing left to drain");
        semaphore.reducePermits(90);
        assertEquals(-90, semaphore.availablePermits(), "held permits are not taken back");
        semaphore.release(100);
        assertEquals(10, semaphore.availablePermits());
        LeaseholdSemaphores.get(b, name).release();
        assertEquals(11, semaphore.availablePermits());
    }

    @Test
    void permitsOfAnInstanceWhoseSessionEndsComeBack() throws InterruptedException {
        String name = unique("session");
        try (Leasehold holder = HazelcastLeasehold.create(endpoint(0))) {
            ISemaphore semaphore = LeaseholdSemaphores.get(holder, name);
            semaphore.init(5);
            semaphore.acquire(3);
            assertEquals(2, semaphore.availablePermits());
            b.lessor().revokeAndWait(holder.sessionLeaseId().orElseThrow()); // as its expiry would
            assertEquals(5, LeaseholdSemaphores.get(b, name).availablePermits());
            RuntimeException late = assertThrows(RuntimeException.class, () -> semaphore.release(1));
            assertTrue(late instanceof IllegalArgumentException || late instanceof IllegalStateException, late.toString());
            assertTrue(late.getMessage().contains(name), late.getMessage());
            assertEquals(5, LeaseholdSemaphores.get(b, name).availablePermits(), "nothing left to release");
            LeaseholdSemaphores.forget(holder);
        }
    }

    @Test
    void closingAnInstanceGivesItsPermitsBack() throws InterruptedException {
        String name = unique("close");
        Leasehold holder = HazelcastLeasehold.create(endpoint(0));
        ISemaphore semaphore = LeaseholdSemaphores.get(holder, name);
        semaphore.init(2);
        semaphore.acquire(2);
        LeaseholdSemaphores.forget(holder);
        holder.close();
        assertTrue(LeaseholdSemaphores.get(b, name).tryAcquire(2, BOUND.toSeconds(), TimeUnit.SECONDS));
        LeaseholdSemaphores.get(b, name).release(2);
    }

    @Test
    void distributedObjectMethodsAndDestroy() throws InterruptedException {
        String name = unique("object");
        LeaseholdISemaphore semaphore = LeaseholdSemaphores.get(a, name);
        assertSame(semaphore, LeaseholdSemaphores.get(a, name));
        assertNotSame(semaphore, LeaseholdSemaphores.get(b, name));
        assertEquals(name, semaphore.getName());
        assertEquals(name, semaphore.getPartitionKey());
        assertEquals(LeaseholdISemaphore.SERVICE_NAME, semaphore.getServiceName());

        semaphore.init(4);
        semaphore.acquire(3);
        LeaseholdSemaphores.get(b, name).acquire(1);
        semaphore.destroy();
        semaphore.destroy(); // idempotent
        assertThrows(DistributedObjectDestroyedException.class, () -> semaphore.init(1));
        assertThrows(DistributedObjectDestroyedException.class, semaphore::availablePermits);
        assertEquals(3, LeaseholdSemaphores.get(b, name).availablePermits(),
                "destroy gave back what was taken through it, not the other instance's permit");
        ISemaphore fresh = LeaseholdSemaphores.get(a, name);
        assertNotSame(semaphore, fresh);
        assertFalse(fresh.init(9), "the semaphore itself stays");
        LeaseholdSemaphores.get(b, name).release();
    }

    @Test
    void aConfigInitialisesItsPermitsAndASessionlessOneIsRefused() {
        String name = unique("config");
        ISemaphore semaphore = LeaseholdSemaphores.get(a, new SemaphoreConfig(name, false, 3));
        assertEquals(3, semaphore.availablePermits());
        assertEquals(3, LeaseholdSemaphores.get(b, new SemaphoreConfig(name, false, 8)).availablePermits(),
                "initial permits apply once");
        String jdk = unique("jdk");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeaseholdSemaphores.get(a, new SemaphoreConfig(jdk, true, 1)));
        assertTrue(e.getMessage().contains(jdk), e.getMessage());
    }

    @Test
    void differencesFromCpAreClearErrors() {
        String name = unique("differences");
        ISemaphore semaphore = LeaseholdSemaphores.get(a, name);
        IllegalStateException notInitialised = assertThrows(IllegalStateException.class, semaphore::availablePermits);
        assertTrue(notInitialised.getMessage().contains(name), notInitialised.getMessage());
        semaphore.init(5);
        assertFalse(semaphore.tryAcquire(6), "more than it has: a plain no, as from the CP semaphore");
        IllegalArgumentException belowZero = assertThrows(IllegalArgumentException.class,
                () -> semaphore.reducePermits(6));
        assertTrue(belowZero.getMessage().contains(name), belowZero.getMessage());
        assertEquals(5, semaphore.availablePermits(), "nothing changed");
    }
}
