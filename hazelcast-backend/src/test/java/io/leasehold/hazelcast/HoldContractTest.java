package io.leasehold.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Lease;
import io.leasehold.LeaseReadWriteLock;
import io.leasehold.LeaseSemaphore;
import io.leasehold.Leasehold;
import io.leasehold.LockException;
import io.leasehold.LockHandle;
import io.leasehold.LockNotHeldException;
import io.leasehold.PermitsNotHeldException;
import io.leasehold.ReadWriteLocks;
import io.leasehold.ReentrantLeaseReadWriteLock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The semaphore and read-write lock contract, run on every topology: each subclass says where the
 * two {@code Leasehold} instances connect.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class HoldContractTest {

    static final Duration SHORT_TTL = Duration.ofMillis(1_500);
    static final Duration EXPIRY_BOUND = Duration.ofSeconds(15);

    protected Leasehold a;
    protected Leasehold b;
    private ExecutorService pool;

    protected abstract void startTopology();

    protected abstract HazelcastInstance endpoint(int i);

    protected abstract void stopTopology();

    @BeforeAll
    void start() {
        startTopology();
    }

    @AfterAll
    void stop() {
        stopTopology();
    }

    @BeforeEach
    void connect() {
        a = HazelcastLeasehold.create(endpoint(0));
        b = HazelcastLeasehold.create(endpoint(1));
        pool = Executors.newCachedThreadPool();
    }

    @AfterEach
    void disconnect() {
        pool.shutdownNow();
        a.close();
        b.close();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    // ------------------------------------------------------------------ semaphores

    @Test
    void permitsAreCountedAcrossInstancesWithGrowingFences() {
        String name = unique("sem");
        assertTrue(a.semaphore(name).init(3));
        assertFalse(b.semaphore(name).init(9), "init a second time changes nothing");
        long first = a.semaphore(name).tryAcquire(2).orElseThrow();
        assertTrue(b.semaphore(name).tryAcquire(2).isEmpty());
        long second = b.semaphore(name).tryAcquire(1).orElseThrow();
        assertTrue(second > first);
        assertEquals(0, a.semaphore(name).availablePermits());
        assertEquals(2, a.semaphore(name).heldPermits());
        assertEquals(1, b.semaphore(name).heldPermits());
        a.semaphore(name).release(2);
        assertEquals(2, b.semaphore(name).availablePermits());
        b.semaphore(name).release(1);
        assertEquals(3, a.semaphore(name).availablePermits());
    }

    @Test
    void badInputIsRefusedByNameAndChangesNothing() {
        String name = unique("bad");
        LeaseSemaphore s = a.semaphore(name);
        IllegalStateException unknown = assertThrows(IllegalStateException.class, () -> s.tryAcquire(1));
        assertTrue(unknown.getMessage().contains(name), unknown.getMessage());
        assertThrows(IllegalStateException.class, s::availablePermits);
        assertThrows(IllegalArgumentException.class, () -> s.init(-1));
        assertTrue(s.init(2));
        for (int n : new int[] {0, -1, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.tryAcquire(n));
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> s.tryAcquire(3));
        assertTrue(tooMany.getMessage().contains("2 permits"), tooMany.getMessage());
        s.tryAcquire(1).orElseThrow();
        PermitsNotHeldException notHeld = assertThrows(PermitsNotHeldException.class, () -> s.release(2));
        assertEquals(1, notHeld.held());
        assertTrue(notHeld.getMessage().contains(name), notHeld.getMessage());
        assertThrows(PermitsNotHeldException.class, () -> b.semaphore(name).release(1));
        assertThrows(IllegalArgumentException.class, () -> s.increasePermits(Integer.MAX_VALUE));
        assertThrows(IllegalArgumentException.class, () -> s.reducePermits(3));
        assertThrows(IllegalArgumentException.class, () -> s.increasePermits(-1), "not a reduction");
        assertThrows(IllegalArgumentException.class, () -> s.reducePermits(-1), "not an increase");
        IllegalArgumentException negativeWait = assertThrows(IllegalArgumentException.class,
                () -> s.tryAcquire(1, Duration.ofMillis(-1)));
        assertTrue(negativeWait.getMessage().contains(name), negativeWait.getMessage());
        IllegalArgumentException noLease = assertThrows(IllegalArgumentException.class, () -> s.onLease(0));
        assertTrue(noLease.getMessage().contains(name), noLease.getMessage());
        assertEquals(1, s.availablePermits(), "nothing changed");
        assertEquals(1, s.heldPermits());
        s.release(1);
    }

    @Test
    void aWaiterIsHandedThePermitsOnRelease() throws Exception {
        String name = unique("wait");
        a.semaphore(name).init(2);
        long held = a.semaphore(name).tryAcquire(2).orElseThrow();
        Future<OptionalLong> waiter = pool.submit(() -> b.semaphore(name).tryAcquire(2, Duration.ofSeconds(30)));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> a.semaphore(name).tryAcquire(1).isEmpty() && waitersOf(name) == 1);
        a.semaphore(name).release(2);
        long got = waiter.get(20, TimeUnit.SECONDS).orElseThrow();
        assertTrue(got > held);
        assertEquals(2, b.semaphore(name).heldPermits());
    }

    private int waitersOf(String name) {
        return endpoint(0).<String, io.leasehold.hazelcast.internal.core.HoldRecord>getMap(
                io.leasehold.hazelcast.internal.core.Maps.HOLDS).get("semaphore/" + name).waiters().size();
    }

    @Test
    void increaseServesWaitersAndDrainTakesWhatIsFree() throws Exception {
        String name = unique("grow");
        a.semaphore(name).init(2);
        a.semaphore(name).tryAcquire(1).orElseThrow();
        Future<OptionalLong> waiter = pool.submit(() -> b.semaphore(name).tryAcquire(2, Duration.ofSeconds(30)));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> waitersOf(name) == 1);
        a.semaphore(name).increasePermits(2);
        assertTrue(waiter.get(20, TimeUnit.SECONDS).isPresent());
        a.semaphore(name).increasePermits(4);
        assertEquals(5, a.semaphore(name).drainPermits());
        assertEquals(0, a.semaphore(name).availablePermits());
        assertEquals(6, a.semaphore(name).heldPermits());
        a.semaphore(name).reducePermits(7);
        assertEquals(-7, a.semaphore(name).availablePermits());
    }

    @Test
    void permitsOfALeaseThatStopsBeingRenewedComeBackAndAWaiterGetsThem() throws Exception {
        String name = unique("dead");
        a.semaphore(name).init(3);
        Lease lease = a.lessor().grant(SHORT_TTL);
        long held = a.semaphore(name).onLease(lease.id()).tryAcquire(3).orElseThrow();
        long started = System.nanoTime();
        Future<OptionalLong> waiter = pool.submit(() -> b.semaphore(name).tryAcquire(2, Duration.ofSeconds(30)));
        long got = waiter.get(EXPIRY_BOUND.toSeconds(), TimeUnit.SECONDS).orElseThrow();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(got > held);
        assertTrue(elapsed.compareTo(SHORT_TTL.minusMillis(200)) >= 0, "freed before the TTL: " + elapsed);
        assertEquals(1, b.semaphore(name).availablePermits());
    }

    @Test
    void closingTheHolderGivesItsPermitsAndHoldsBack() {
        String sem = unique("close-s");
        String rw = unique("close-rw");
        Leasehold c = HazelcastLeasehold.create(endpoint(0));
        c.semaphore(sem).init(2);
        c.semaphore(sem).tryAcquire(2).orElseThrow();
        c.readWriteLock(rw).tryLockShared().orElseThrow();
        c.close();
        assertTrue(b.semaphore(sem).tryAcquire(2).isPresent());
        assertTrue(b.readWriteLock(rw).tryLockExclusive().isPresent());
    }

    // ------------------------------------------------------------------ read-write locks

    @Test
    void readersShareAndAWriterWaitsForThem() {
        String name = unique("rw");
        LockHandle r1 = a.readWriteLock(name).tryLockShared().orElseThrow();
        LockHandle r2 = b.readWriteLock(name).tryLockShared().orElseThrow();
        assertTrue(b.readWriteLock(name).tryLockExclusive().isEmpty());
        r1.unlock();
        assertTrue(b.readWriteLock(name).tryLockExclusive().isEmpty());
        r2.unlock();
        LockHandle w = b.readWriteLock(name).tryLockExclusive().orElseThrow();
        assertTrue(w.fence() > r1.fence() && w.fence() > r2.fence());
        assertTrue(a.readWriteLock(name).tryLockShared().isEmpty());
        assertTrue(a.readWriteLock(name).tryLockExclusive().isEmpty());
        w.unlock();
        assertThrows(LockNotHeldException.class, w::unlock);
    }

    @Test
    void badInputOnReadWriteLocksIsRefusedByNameAndChangesNothing() throws Exception {
        String name = unique("bad-rw");
        assertThrows(NullPointerException.class, () -> a.readWriteLock(null));
        assertThrows(IllegalArgumentException.class, () -> a.readWriteLock(" "));
        assertThrows(IllegalArgumentException.class, () -> a.readWriteLock("lone\uD800"));
        LeaseReadWriteLock rw = a.readWriteLock(name);
        IllegalArgumentException negativeWait = assertThrows(IllegalArgumentException.class,
                () -> rw.tryLockShared(Duration.ofMillis(-1)));
        assertTrue(negativeWait.getMessage().contains(name), negativeWait.getMessage());
        NullPointerException noWait = assertThrows(NullPointerException.class, () -> rw.tryLockExclusive(null));
        assertTrue(noWait.getMessage().contains(name), noWait.getMessage());
        IllegalArgumentException noLease = assertThrows(IllegalArgumentException.class, () -> rw.onLease(0));
        assertTrue(noLease.getMessage().contains(name), noLease.getMessage());
        LockHandle r = rw.tryLockShared().orElseThrow();
        r.unlock();
        LockNotHeldException twice = assertThrows(LockNotHeldException.class, r::unlock);
        assertTrue(twice.getMessage().contains(name), twice.getMessage());

        // Several names: every name and mode is checked before anything is taken.
        String other = unique("bad-rw-other");
        assertThrows(IllegalArgumentException.class, () -> ReadWriteLocks.tryLockAll(a, Map.of(), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> ReadWriteLocks.tryLockAll(a,
                Map.of(name, ReadWriteLocks.Mode.SHARED), Duration.ofMillis(-1)));
        Map<String, ReadWriteLocks.Mode> noMode = new java.util.HashMap<>();
        noMode.put(name, ReadWriteLocks.Mode.EXCLUSIVE);
        noMode.put(other, null);
        NullPointerException nullMode = assertThrows(NullPointerException.class,
                () -> ReadWriteLocks.tryLockAll(a, noMode, Duration.ZERO));
        assertTrue(nullMode.getMessage().contains(other), nullMode.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReadWriteLocks.tryLockAll(a,
                Map.of("a-" + name, ReadWriteLocks.Mode.EXCLUSIVE, "z-bad\uD800", ReadWriteLocks.Mode.SHARED),
                Duration.ZERO));
        LockHandle free = b.readWriteLock("a-" + name).tryLockExclusive().orElseThrow(
                () -> new AssertionError("a refused set left a name held"));
        free.unlock();
        assertTrue(b.readWriteLock(name).tryLockExclusive().map(h -> {
            h.unlock();
            return true;
        }).orElse(false), "nothing of the refused calls is held");

        // A wait too long for nanoseconds is a long wait, not an overflow.
        try (ReadWriteLocks.Holds holds = ReadWriteLocks.tryLockAll(a, Map.of(name, ReadWriteLocks.Mode.SHARED),
                Duration.ofSeconds(Long.MAX_VALUE)).orElseThrow()) {
            assertTrue(holds.fence(name) > r.fence(), "a later hold of the same name has a higher fence");
        }
    }

    @Test
    void aQueuedWriterIsNotStarvedByLaterReaders() throws Exception {
        String name = unique("starve");
        LockHandle r1 = a.readWriteLock(name).tryLockShared().orElseThrow();
        Future<Optional<LockHandle>> writer = pool.submit(
                () -> b.readWriteLock(name).tryLockExclusive(Duration.ofSeconds(30)));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> a.readWriteLock(name).tryLockShared().isEmpty());
        r1.unlock();
        LockHandle w = writer.get(20, TimeUnit.SECONDS).orElseThrow();
        assertTrue(w.fence() > r1.fence());
        w.unlock();
    }

    @Test
    void theReadWriteLockViewIsReentrantAndRefusesAnUpgrade() {
        String name = unique("view");
        ReentrantLeaseReadWriteLock view = a.readWriteLock(name).asReadWriteLock();
        view.readLock().lock();
        view.readLock().lock();
        LockException upgrade = assertThrows(LockException.class, () -> view.writeLock().tryLock());
        assertTrue(upgrade.getMessage().contains(name), upgrade.getMessage());
        assertTrue(b.readWriteLock(name).tryLockExclusive().isEmpty());
        view.readLock().unlock();
        assertTrue(b.readWriteLock(name).tryLockExclusive().isEmpty());
        view.readLock().unlock();
        assertThrows(IllegalMonitorStateException.class, () -> view.readLock().unlock());
        assertTrue(view.writeLock().tryLock());
        long fence = view.fence().orElseThrow();
        assertTrue(view.writeLock().tryLock());
        assertTrue(view.readLock().tryLock());
        view.readLock().unlock();
        view.writeLock().unlock();
        assertTrue(b.readWriteLock(name).tryLockShared().isEmpty());
        view.writeLock().unlock();
        LockHandle r = b.readWriteLock(name).tryLockShared().orElseThrow();
        assertTrue(r.fence() > fence);
        r.unlock();
    }

    @Test
    void aHoldOnALeaseThatEndsIsLostAndTheUnlockSaysSo() {
        String name = unique("lost");
        Lease lease = a.lessor().grant(Duration.ofSeconds(30));
        LeaseReadWriteLock onLease = a.readWriteLock(name).onLease(lease.id());
        LockHandle h = onLease.tryLockExclusive().orElseThrow();
        assertEquals(lease.id(), h.leaseId());
        a.lessor().revokeAndWait(lease.id());
        LockHandle w = b.readWriteLock(name).tryLockExclusive().orElseThrow();
        assertTrue(w.fence() > h.fence());
        assertThrows(LockNotHeldException.class, h::unlock);
        w.unlock();
    }

    // ------------------------------------------------------------------ several names at once

    @Test
    void severalNamesAreTakenAllOrNothing() throws Exception {
        String x = unique("all-x");
        String y = unique("all-y");
        LockHandle blocker = b.readWriteLock(y).tryLockExclusive().orElseThrow();
        Map<String, ReadWriteLocks.Mode> both = Map.of(x, ReadWriteLocks.Mode.EXCLUSIVE, y, ReadWriteLocks.Mode.SHARED);
        assertTrue(ReadWriteLocks.tryLockAll(a, both, Duration.ZERO).isEmpty());
        assertTrue(b.readWriteLock(x).tryLockExclusive().map(h -> {
            h.unlock();
            return true;
        }).orElse(false), "nothing of a failed call is left held");
        blocker.unlock();
        try (ReadWriteLocks.Holds holds = ReadWriteLocks.tryLockAll(a, both, Duration.ofSeconds(10)).orElseThrow()) {
            assertTrue(holds.fence(x) > 0);
            assertTrue(holds.fence(y) > blocker.fence());
            assertTrue(b.readWriteLock(x).tryLockShared().isEmpty());
            assertTrue(b.readWriteLock(y).tryLockShared().isPresent());
        }
    }

    @Test
    void overlappingSetsListedInOppositeOrdersDoNotDeadlock() throws Exception {
        String x = unique("order-x");
        String y = unique("order-y");
        Map<String, ReadWriteLocks.Mode> xy = new java.util.LinkedHashMap<>();
        xy.put(x, ReadWriteLocks.Mode.EXCLUSIVE);
        xy.put(y, ReadWriteLocks.Mode.EXCLUSIVE);
        Map<String, ReadWriteLocks.Mode> yx = new java.util.LinkedHashMap<>();
        yx.put(y, ReadWriteLocks.Mode.EXCLUSIVE);
        yx.put(x, ReadWriteLocks.Mode.EXCLUSIVE);
        java.util.List<Future<Integer>> rounds = new java.util.ArrayList<>();
        for (Leasehold who : new Leasehold[] {a, b}) {
            Map<String, ReadWriteLocks.Mode> set = who == a ? xy : yx;
            rounds.add(pool.submit(() -> {
                int got = 0;
                for (int i = 0; i < 5; i++) {
                    try (ReadWriteLocks.Holds h = ReadWriteLocks.tryLockAll(who, set, Duration.ofSeconds(20))
                            .orElseThrow(() -> new AssertionError("a round waited 20 s: deadlock"))) {
                        got += h.handles().size();
                    }
                }
                return got;
            }));
        }
        for (Future<Integer> r : rounds) {
            assertEquals(10, r.get(60, TimeUnit.SECONDS));
        }
    }
}
