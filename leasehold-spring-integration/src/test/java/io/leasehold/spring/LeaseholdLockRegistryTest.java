package io.leasehold.spring;

import io.leasehold.FenceChecker;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.LockNotHeldException;
import java.util.ConcurrentModificationException;
import io.leasehold.testkit.TwoLeaseholds;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** The registry as Spring Integration uses it, on two real members with a Leasehold instance each. */
class LeaseholdLockRegistryTest extends TwoLeaseholds {

    @Configuration(proxyBeanMethods = false)
    static class RegistryConfig {
        @Bean
        LeaseholdLockRegistry lockRegistry(Leasehold leasehold) {
            return new LeaseholdLockRegistry(leasehold, "orders:");
        }
    }

    @Test
    void springContextServesTheRegistryAndItsLocksAreShared() throws Exception {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(Leasehold.class, () -> a, bd -> bd.setDestroyMethodName(""));
            context.register(RegistryConfig.class);
            context.refresh();
            LeaseholdLockRegistry registry = context.getBean(LeaseholdLockRegistry.class);
            String key = unique("ctx");

            String result = registry.executeLocked(key, () -> {
                LeaseholdDistributedLock lock = registry.obtain(key);
                assertTrue(lock.isHeldByCurrentThread());
                assertEquals("orders:" + key, lock.name());
                // The lock is the cluster's: a Leasehold on the other member sees it held.
                assertEquals(lock.handle().fence(), b.lock("orders:" + key).holder().orElseThrow().fence());
                return "done";
            });
            assertEquals("done", result);
            assertSame(registry.obtain(key), registry.obtain(key));
            assertTrue(b.lock("orders:" + key).holder().isEmpty(), "released after executeLocked");
        }
    }

    @Test
    void executeLockedUnderContentionFromTwoRegistriesOnTwoInstances() throws Exception {
        LeaseholdLockRegistry ra = new LeaseholdLockRegistry(a);
        LeaseholdLockRegistry rb = new LeaseholdLockRegistry(b);
        String key = unique("counter");
        int threadsPerRegistry = 2;
        int rounds = 25;
        int[] counter = {0}; // deliberately unsynchronized: only the lock protects it
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        FenceChecker resource = new FenceChecker();
        ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerRegistry);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (LeaseholdLockRegistry registry : List.of(ra, rb)) {
                for (int t = 0; t < threadsPerRegistry; t++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < rounds; i++) {
                            registry.executeLocked(key, () -> {
                                if (inside.incrementAndGet() > 1) {
                                    overlaps.incrementAndGet();
                                }
                                resource.accept(key, registry.obtain(key).fence());
                                int seen = counter[0];
                                Thread.yield();
                                counter[0] = seen + 1;
                                inside.decrementAndGet();
                            });
                        }
                        return null;
                    }));
                }
            }
            for (Future<?> f : done) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, overlaps.get(), "two holders in the critical section at once");
        synchronized (counter) {
            assertEquals(2 * threadsPerRegistry * rounds, counter[0], "lost updates");
        }
    }

    @Test
    void reentrantPerThreadWithOneFence() throws Exception {
        LeaseholdLockRegistry ra = new LeaseholdLockRegistry(a);
        LeaseholdLockRegistry rb = new LeaseholdLockRegistry(b);
        String key = unique("reentrant");
        LeaseholdDistributedLock lock = ra.obtain(key);
        lock.lock();
        long fence = lock.fence();
        assertTrue(lock.tryLock(1, TimeUnit.SECONDS));
        lock.lock(Duration.ofSeconds(5)); // re-entrant: counts up, keeps the hold it has
        assertEquals(3, lock.getHoldCount());
        assertEquals(fence, lock.fence());

        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            // Another thread of the same registry does not share the hold...
            assertFalse(other.submit(() -> lock.tryLock()).get());
            assertThrows(IllegalMonitorStateException.class, () -> {
                try {
                    other.submit(lock::unlock).get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause();
                }
            });
            // ...nor does another process.
            assertFalse(rb.obtain(key).tryLock());
            lock.unlock();
            lock.unlock();
            assertFalse(rb.obtain(key).tryLock(), "still held once");
            lock.unlock();
            assertEquals(0, lock.getHoldCount());
            assertTrue(rb.obtain(key).tryLock(5, TimeUnit.SECONDS));
            assertTrue(rb.obtain(key).fence() > fence);
            rb.obtain(key).unlock();
        } finally {
            other.shutdownNow();
        }
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
        assertThrows(UnsupportedOperationException.class, lock::newCondition);
    }

    @Test
    void lockWithTtlFreesItselfWhenNotUnlocked() throws Exception {
        LeaseholdLockRegistry ra = new LeaseholdLockRegistry(a);
        LeaseholdLockRegistry rb = new LeaseholdLockRegistry(b);
        String key = unique("ttl");
        LeaseholdDistributedLock lock = ra.obtain(key);
        assertTrue(lock.tryLock(Duration.ZERO, Duration.ofMillis(800)));
        long fence = lock.fence();
        assertNotEquals(a.sessionLeaseId().orElse(0), lock.handle().leaseId(), "a lease of its own");
        // The holder neither unlocks nor renews: the lease expires on the cluster and B gets the lock.
        LeaseholdDistributedLock theirs = rb.obtain(key);
        assertTrue(theirs.tryLock(Duration.ofSeconds(20), Duration.ofSeconds(30)));
        long theirFence = theirs.fence();
        assertTrue(theirFence > fence);
        // The late holder learns on unlock that its critical section was not protected, as from the
        // Redis and JDBC registries; the new holder's lock stays.
        ConcurrentModificationException late = assertThrows(ConcurrentModificationException.class, lock::unlock);
        assertTrue(late.getMessage().contains(key), late.getMessage());
        assertInstanceOf(LockNotHeldException.class, late.getCause());
        assertEquals(0, lock.getHoldCount(), "the late holder no longer holds it");
        assertEquals(theirFence, b.lock(key).holder().orElseThrow().fence());
        assertEquals(theirFence, a.lock(key).holder().orElseThrow().fence());
        theirs.unlock();
        assertTrue(b.lock(key).holder().isEmpty());
    }

    @Test
    void renewLockForALongerTtlKeepsTheOtherProcessOutForIt() throws Exception {
        LeaseholdLockRegistry ra = new LeaseholdLockRegistry(a);
        LeaseholdLockRegistry rb = new LeaseholdLockRegistry(b);
        String key = unique("longer");
        LeaseholdDistributedLock lock = ra.obtain(key);
        assertTrue(lock.tryLock(Duration.ZERO, Duration.ofMillis(600)));
        long fence = lock.fence();
        long renewed = System.nanoTime();
        ra.renewLock(key, Duration.ofSeconds(3));
        // Well past the 600 ms the lease was granted with, the other process still cannot take it.
        LeaseholdDistributedLock theirs = rb.obtain(key);
        assertTrue(theirs.tryLock(Duration.ofSeconds(20), Duration.ofSeconds(30)), "free after the new TTL");
        long waited = System.nanoTime() - renewed;
        assertTrue(waited >= TimeUnit.SECONDS.toNanos(3), "taken " + Duration.ofNanos(waited) + " after the renewal");
        assertTrue(theirs.fence() > fence);
        assertThrows(ConcurrentModificationException.class, lock::unlock, "its new TTL ran out");
        assertEquals(theirs.fence(), b.lock(key).holder().orElseThrow().fence(), "the new holder's lock stays");
        theirs.unlock();
    }

    @Test
    void renewLockForAShorterTtlFreesTheLockAtIt() throws Exception {
        LeaseholdLockRegistry ra = new LeaseholdLockRegistry(a);
        LeaseholdLockRegistry rb = new LeaseholdLockRegistry(b);
        String key = unique("shorter");
        LeaseholdDistributedLock lock = ra.obtain(key);
        assertTrue(lock.tryLock(Duration.ZERO, Duration.ofSeconds(30)));
        long renewed = System.nanoTime();
        ra.renewLock(key, Duration.ofMillis(700));
        LeaseholdDistributedLock theirs = rb.obtain(key);
        assertTrue(theirs.tryLock(Duration.ofSeconds(20), Duration.ofSeconds(30)), "free after the new TTL");
        long waited = System.nanoTime() - renewed;
        assertTrue(waited >= TimeUnit.MILLISECONDS.toNanos(700), "taken " + Duration.ofNanos(waited) + " after the renewal");
        assertTrue(waited < TimeUnit.SECONDS.toNanos(20), "freed at the new TTL, not the granted 30 s");
        assertThrows(ConcurrentModificationException.class, lock::unlock);
        theirs.unlock();
    }

    @Test
    void renewLockBackToTheGrantedTtlDropsANewOne() throws Exception {
        LeaseholdLockRegistry ra = new LeaseholdLockRegistry(a);
        String key = unique("back");
        LeaseholdDistributedLock lock = ra.obtain(key);
        assertTrue(lock.tryLock(Duration.ZERO, Duration.ofSeconds(30)));
        long fence = lock.fence();
        ra.renewLock(key, Duration.ofMillis(300));
        ra.renewLock(key); // another 30 s: the 300 ms deadline no longer applies
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                .until(() -> b.lock(key).holder().map(h -> h.fence() == fence).orElse(false));
        assertThrows(IllegalArgumentException.class, () -> ra.renewLock(key, Duration.ZERO));
        lock.unlock();
        assertTrue(b.lock(key).holder().isEmpty());
    }

    @Test
    void renewLockGivesAnOwnLeaseAnotherTtl() throws Exception {
        LeaseholdLockRegistry ra = new LeaseholdLockRegistry(a);
        String key = unique("renew");
        Duration ttl = Duration.ofSeconds(10);
        LeaseholdDistributedLock lock = ra.obtain(key);
        assertThrows(IllegalStateException.class, () -> ra.renewLock(key), "not held yet");
        lock.lock(ttl);
        long lease = lock.handle().leaseId();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> a.lessor().timeToLive(lease).remainingTtl().compareTo(Duration.ofMillis(9_300)) < 0);
        Duration before = a.lessor().timeToLive(lease).remainingTtl();
        ra.renewLock(key);
        assertTrue(a.lessor().timeToLive(lease).remainingTtl().compareTo(before) > 0, "renewed");
        ra.renewLock(key, ttl);
        lock.unlock();
        assertThrows(IllegalStateException.class, () -> ra.renewLock(key), "released");
        assertThrows(io.leasehold.LeaseNotFoundException.class, () -> a.lessor().timeToLive(lease),
                "unlock revoked the hold's own lease");

        // A session hold renews the session.
        lock.lock();
        ra.renewLock(key);
        ra.renewLock(key, Duration.ofMinutes(1));
        lock.unlock();
    }

    @Test
    void renewalTaskSchedulerKeepsATtlLockWhileHeld() throws Exception {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        try {
            LeaseholdLockRegistry ra = new LeaseholdLockRegistry(a);
            ra.setRenewalTaskScheduler(scheduler);
            String key = unique("renewed");
            LeaseholdDistributedLock lock = ra.obtain(key);
            lock.lock(Duration.ofMillis(600));
            long fence = lock.fence();
            // Held well past its 600 ms TTL: the scheduler renews the lease.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                    .until(() -> b.lock(key).holder().map(h -> h.fence() == fence).orElse(false));
            lock.unlock();
            assertTrue(b.lock(key).holder().isEmpty());
        } finally {
            scheduler.shutdown();
        }
    }

    @Test
    void expireUnusedOlderThanDropsOnlyIdleLocks() {
        AtomicLong now = new AtomicLong(Long.MAX_VALUE - TimeUnit.MINUTES.toNanos(1)); // wraps: deltas must hold
        LeaseholdLockRegistry registry = new LeaseholdLockRegistry(a, "", now::get);
        String idle = unique("idle");
        String busy = unique("busy");
        LeaseholdDistributedLock idleLock = registry.obtain(idle);
        assertTrue(idleLock.tryLock());
        idleLock.unlock();
        LeaseholdDistributedLock busyLock = registry.obtain(busy);
        assertTrue(busyLock.tryLock());

        now.addAndGet(TimeUnit.SECONDS.toNanos(3));
        registry.expireUnusedOlderThan(5_000);
        assertSame(idleLock, registry.obtain(idle), "younger than the age");

        now.addAndGet(TimeUnit.SECONDS.toNanos(3));
        registry.expireUnusedOlderThan(5_000);
        assertNotSame(idleLock, registry.obtain(idle), "idle for 6 s: dropped");
        assertSame(busyLock, registry.obtain(busy), "held: kept");
        busyLock.unlock();
    }

    @Test
    void handleOfAHoldIsTheClusterHold() throws Exception {
        LeaseholdLockRegistry ra = new LeaseholdLockRegistry(a);
        String key = unique("handle");
        LeaseholdDistributedLock lock = ra.obtain(key);
        assertThrows(IllegalMonitorStateException.class, lock::fence, "not held");
        lock.lockInterruptibly();
        LockHandle hold = lock.handle();
        assertEquals(key, hold.lockName());
        assertEquals(hold.fence(), a.lock(key).holder().orElseThrow().fence());
        lock.unlock();
        assertFalse(hold.isValid());
    }
}
