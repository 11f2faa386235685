package io.leasehold.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.FenceChecker;
import io.leasehold.Lease;
import io.leasehold.LeaseInfo;
import io.leasehold.LeaseListener;
import io.leasehold.LeaseLock;
import io.leasehold.LeaseNotFoundException;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.LockHolder;
import io.leasehold.LockNotHeldException;
import io.leasehold.KeepAlive;
import io.leasehold.Registration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The lock and lease contract, run on every topology: each subclass says where the two
 * {@code Leasehold} instances connect.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class LeaseholdContractTest {

    /** Short enough that expiry tests finish quickly, long enough for a loaded 2-core machine. */
    static final Duration SHORT_TTL = Duration.ofMillis(1_500);
    /** TTL + revoke lag the expiry tests allow; the benchmark measures the real lag. */
    static final Duration EXPIRY_BOUND = Duration.ofSeconds(15);

    protected Leasehold a;
    protected Leasehold b;
    private ExecutorService pool;

    protected abstract void startTopology();

    /** The Hazelcast instance the i-th Leasehold (0 or 1) runs on. */
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
        return prefix + "-" + System.identityHashCode(new Object()) + "-" + Long.toHexString(System.nanoTime());
    }

    // ------------------------------------------------------------------ mutual exclusion and fences

    @Test
    void contendingThreadsNeverOverlapAndFencesStrictlyIncrease() throws Exception {
        String[] names = {unique("c0"), unique("c1"), unique("c2")};
        int threads = 8;
        int rounds = 15;
        FenceChecker resource = new FenceChecker();
        Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();
        Map<String, List<Long>> fences = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        for (String n : names) {
            inside.put(n, new AtomicInteger());
            fences.put(n, Collections.synchronizedList(new ArrayList<>()));
        }
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Leasehold leasehold = t % 2 == 0 ? a : b;
            int seed = t;
            results.add(pool.submit(() -> {
                int done = 0;
                for (int r = 0; r < rounds; r++) {
                    String name = names[(seed + r) % names.length];
                    Optional<LockHandle> got = leasehold.lock(name).tryLock(Duration.ofSeconds(30));
                    if (got.isEmpty()) {
                        violations.add("no lock within 30 s on " + name);
                        continue;
                    }
                    try (LockHandle handle = got.get()) {
                        if (inside.get(name).incrementAndGet() != 1) {
                            violations.add("two holders inside " + name);
                        }
                        if (!resource.tryAccept(name, handle.fence())) {
                            violations.add("stale fence " + handle.fence() + " on " + name);
                        }
                        fences.get(name).add(handle.fence());
                        Thread.onSpinWait();
                        inside.get(name).decrementAndGet();
                    }
                    done++;
                }
                return done;
            }));
        }
        int total = 0;
        for (Future<Integer> f : results) {
            total += f.get(90, TimeUnit.SECONDS);
        }
        assertEquals(List.of(), violations);
        assertEquals(threads * rounds, total);
        for (String n : names) {
            List<Long> seen = fences.get(n);
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i) > seen.get(i - 1), "fences of " + n + " not increasing: " + seen);
            }
            // The last unlock of each thread is on its way when the thread ends (unlock() does not wait).
            await().atMost(Duration.ofSeconds(5)).until(() -> a.lock(n).holder().isEmpty());
        }
    }

    @Test
    void fencesKeepGrowingAcrossReleasesAndHolders() throws Exception {
        LeaseLock lockA = a.lock(unique("grow"));
        LeaseLock lockB = b.lock(lockA.name());
        long last = Long.MIN_VALUE;
        for (int i = 0; i < 6; i++) {
            LockHandle h = (i % 2 == 0 ? lockA : lockB).tryLock().orElseThrow();
            assertTrue(h.fence() > last);
            assertTrue(h.isValid());
            last = h.fence();
            h.unlockAndWait(); // the other instance tries next: it must find the lock free
            assertFalse(h.isValid());
        }
        // A record created from nothing starts from cluster time, not from 0.
        assertTrue(last > 1L << 40, "fence " + last + " does not start from cluster time");
    }

    @Test
    void tryLockFailsFastWhileHeldAndNotReentrant() {
        LeaseLock lock = a.lock(unique("busy"));
        LockHandle held = lock.tryLock().orElseThrow();
        assertTrue(b.lock(lock.name()).tryLock().isEmpty());
        assertTrue(lock.tryLock().isEmpty(), "a second hold from the same instance must not be granted");
        LockHolder holder = lock.holder().orElseThrow();
        assertEquals(held.fence(), holder.fence());
        assertEquals(held.leaseId(), holder.leaseId());
        assertEquals(Optional.of(held.leaseId()), b.lessor().leaseOf(lock.name()));
        held.unlock();
        assertTrue(lock.holder().isEmpty());
        assertEquals(Optional.empty(), b.lessor().leaseOf(lock.name()));
    }

    @Test
    void waiterIsHandedTheLockOnRelease() throws Exception {
        LeaseLock lock = a.lock(unique("handoff"));
        LockHandle first = lock.tryLock().orElseThrow();
        Future<Optional<LockHandle>> waiting = pool.submit(() -> b.lock(lock.name()).tryLock(Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(10)).until(() -> lock.holder().orElseThrow().waiters() == 1);
        first.unlock();
        LockHandle second = waiting.get(10, TimeUnit.SECONDS).orElseThrow();
        assertTrue(second.fence() > first.fence());
        assertEquals(second.fence(), lock.holder().orElseThrow().fence());
        second.unlock();
    }

    @Test
    void waitersAreServedFirstComeFirstServed() throws Exception {
        LeaseLock lock = a.lock(unique("fifo"));
        LockHandle first = lock.tryLock().orElseThrow();
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Future<?>> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int id = i;
            waiters.add(pool.submit(() -> {
                try (LockHandle h = b.lock(lock.name()).tryLock(Duration.ofSeconds(30)).orElseThrow()) {
                    order.add(id);
                }
                return null;
            }));
            await().atMost(Duration.ofSeconds(10)).until(() -> lock.holder().orElseThrow().waiters() == id + 1);
        }
        first.unlock();
        for (Future<?> w : waiters) {
            w.get(20, TimeUnit.SECONDS);
        }
        assertEquals(List.of(0, 1, 2), order);
    }

    @Test
    void timedOutWaiterLeavesNothingBehind() throws Exception {
        LeaseLock lock = a.lock(unique("timeout"));
        LockHandle held = lock.tryLock().orElseThrow();
        assertEquals(Optional.empty(), b.lock(lock.name()).tryLock(Duration.ofMillis(300)));
        assertEquals(0, lock.holder().orElseThrow().waiters());
        held.unlock();
        assertTrue(lock.holder().isEmpty(), "the lock must not be handed to a waiter that gave up");
    }

    @Test
    void interruptedWaiterLeavesNothingBehind() throws Exception {
        LeaseLock lock = a.lock(unique("interrupt"));
        LockHandle held = lock.tryLock().orElseThrow();
        CountDownLatch started = new CountDownLatch(1);
        Future<Object> waiting = pool.submit(() -> {
            started.countDown();
            return b.lock(lock.name()).tryLock(Duration.ofSeconds(60));
        });
        started.await();
        await().atMost(Duration.ofSeconds(10)).until(() -> lock.holder().orElseThrow().waiters() == 1);
        waiting.cancel(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> lock.holder().orElseThrow().waiters() == 0);
        held.unlock();
        assertTrue(lock.holder().isEmpty());
    }

    @Test
    void asyncTryLockGrantsAndRefuses() throws Exception {
        LeaseLock lock = a.lock(unique("async"));
        LockHandle held = lock.tryLockAsync().toCompletableFuture().get(10, TimeUnit.SECONDS).orElseThrow();
        assertTrue(b.lock(lock.name()).tryLockAsync().toCompletableFuture().get(10, TimeUnit.SECONDS).isEmpty());
        held.close();
        held.close(); // idempotent
        assertTrue(lock.holder().isEmpty());
    }

    // ------------------------------------------------------------------ expiry and revoke

    @Test
    void leaseThatStopsBeingRenewedFreesItsLocksAndTheWaiterGetsThem() throws Exception {
        Lease lease = a.lessor().grant(SHORT_TTL);
        String first = unique("exp-a");
        String second = unique("exp-b");
        List<String> lost = new CopyOnWriteArrayList<>();
        a.addLockLostListener((name, fence, leaseId, reason) -> lost.add(name));
        LockHandle h1 = a.lock(first).tryLock(lease.id()).orElseThrow();
        LockHandle h2 = a.lock(second).tryLock(lease.id()).orElseThrow();
        // The lease keeps no list of names (attach is for keys of the user's own): the locks name the lease.
        assertEquals(Optional.of(lease.id()), a.lessor().leaseOf(first));
        assertEquals(Optional.of(lease.id()), a.lessor().leaseOf(second));
        assertEquals(Set.of(), a.lessor().timeToLive(lease.id()).keys());

        long started = System.nanoTime();
        Future<Optional<LockHandle>> waiter = pool.submit(() -> b.lock(first).tryLock(Duration.ofSeconds(30)));
        LockHandle taken = waiter.get(EXPIRY_BOUND.toSeconds(), TimeUnit.SECONDS).orElseThrow();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(taken.fence() > h1.fence());
        assertTrue(elapsed.compareTo(SHORT_TTL.minusMillis(200)) >= 0, "freed before the TTL: " + elapsed);
        await().atMost(EXPIRY_BOUND).until(() -> b.lock(second).holder().isEmpty());
        // The holder learned it had lost its locks, and not after the cluster revoked them.
        assertFalse(h1.isValid());
        assertFalse(h2.isValid());
        await().atMost(Duration.ofSeconds(5)).until(() -> lost.containsAll(List.of(first, second)));
        assertThrows(LeaseNotFoundException.class, () -> a.lessor().timeToLive(lease.id()));
        taken.unlock();
    }

    @Test
    void revokeFreesEveryAttachedLockAtOnce() {
        List<LockHandle> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(a.lock(unique("rev" + i)).tryLock().orElseThrow());
        }
        long session = held.get(0).leaseId();
        assertEquals(session, a.sessionLeaseId().orElseThrow());
        b.lessor().revokeAndWait(session);
        for (LockHandle h : held) {
            assertTrue(b.lock(h.lockName()).holder().isEmpty(), h.lockName() + " still held after revoke");
        }
        // The holder hears of the revoke by an event, well before its next renewal, and its handles say so.
        await().atMost(Duration.ofSeconds(2)).until(() -> !held.get(0).isValid());
        assertTrue(a.sessionLeaseId().isEmpty());
        // The revoked session is replaced on the next call.
        LockHandle again = a.lock(held.get(0).lockName()).tryLock().orElseThrow();
        assertNotEquals(session, again.leaseId());
        assertTrue(again.fence() > held.get(0).fence());
        again.unlock();
    }

    @Test
    void revokeReturnsOnceTheLeaseIsGoneAndItsLocksFollow() {
        LockHandle held = a.lock(unique("follow")).tryLock().orElseThrow();
        b.lessor().revoke(held.leaseId());
        assertFalse(b.lessor().leases().contains(held.leaseId()), "the lease is gone when revoke returns");
        assertThrows(LeaseNotFoundException.class, () -> b.lock(unique("other")).tryLock(held.leaseId()));
        // The lock itself is freed by the lease-end path, without anyone's help.
        await().atMost(Duration.ofSeconds(5)).until(() -> b.lock(held.lockName()).holder().isEmpty());
        LockHandle next = b.lock(held.lockName()).tryLock().orElseThrow();
        assertTrue(next.fence() > held.fence());
        next.unlock();
    }

    @Test
    void revokedLeaseTellsLockLostListenerOfItsHolder() {
        List<String> lost = new CopyOnWriteArrayList<>();
        a.addLockLostListener((name, fence, leaseId, reason) -> lost.add(name + ":" + reason));
        LockHandle h = a.lock(unique("told")).tryLock().orElseThrow();
        a.lessor().revoke(h.leaseId());
        assertFalse(h.isValid());
        // Listeners run on the instance's listener thread: told soon, and once.
        await().atMost(Duration.ofSeconds(5)).until(() -> !lost.isEmpty());
        assertEquals(1, lost.size());
        assertTrue(lost.get(0).startsWith(h.lockName()), lost.toString());
    }

    // ------------------------------------------------------------------ errors that change nothing

    @Test
    void renewOfUnknownOrExpiredLeaseFailsClearly() {
        long unknown = 0x1234_5678_9abcL;
        LeaseNotFoundException e = assertThrows(LeaseNotFoundException.class, () -> a.lessor().renew(unknown));
        assertTrue(e.getMessage().contains(Long.toHexString(unknown)), e.getMessage());
        assertEquals(unknown, e.leaseId());

        Lease lease = a.lessor().grant(Duration.ofMillis(300));
        await().atMost(EXPIRY_BOUND).until(() -> {
            try {
                a.lessor().timeToLive(lease.id());
                return false;
            } catch (LeaseNotFoundException gone) {
                return true;
            }
        });
        LeaseNotFoundException expired = assertThrows(LeaseNotFoundException.class, () -> a.lessor().renew(lease.id()));
        assertTrue(expired.getMessage().contains(Long.toHexString(lease.id())), expired.getMessage());
        assertFalse(a.lessor().leases().contains(lease.id()));
    }

    @Test
    void unlockReturnsWithTheReleaseOnItsWayAndTheInstancesNextAcquireComesAfterIt() {
        LeaseLock lock = a.lock(unique("on-its-way"));
        for (int i = 0; i < 20; i++) {
            LockHandle h = lock.tryLock().orElseThrow(() -> new AssertionError("the instance's own release came late"));
            h.unlock();
            assertFalse(h.isValid(), "an unlocked handle is not valid");
            assertThrows(LockNotHeldException.class, h::unlock, "a second unlock is a double unlock");
        }
        // Another instance finds it free once the release has arrived, without anyone's help.
        LockHandle other = await().atMost(Duration.ofSeconds(5))
                .until(() -> b.lock(lock.name()).tryLock().orElse(null), java.util.Objects::nonNull);
        other.unlockAndWait();
        assertTrue(b.lock(lock.name()).tryLock().isPresent(), "unlockAndWait returns with the lock free");
    }

    @Test
    void doubleUnlockFailsAndLeavesTheLockAlone() {
        LeaseLock lock = a.lock(unique("double"));
        LockHandle h = lock.tryLock().orElseThrow();
        h.unlockAndWait();
        LockHandle other = b.lock(lock.name()).tryLock().orElseThrow();
        LockNotHeldException e = assertThrows(LockNotHeldException.class, h::unlock);
        assertTrue(e.getMessage().contains(lock.name()), e.getMessage());
        assertTrue(e.getMessage().contains("already unlocked"), e.getMessage());
        assertEquals(other.fence(), lock.holder().orElseThrow().fence());
        other.unlock();
    }

    @Test
    void unlockByAHolderWhoseLeaseExpiredFailsAndLeavesTheNewHolderAlone() throws Exception {
        Lease lease = a.lessor().grant(SHORT_TTL);
        LeaseLock lock = a.lock(unique("stale"));
        LockHandle stale = lock.tryLock(lease.id()).orElseThrow();
        LockHandle fresh = b.lock(lock.name()).tryLock(EXPIRY_BOUND).orElseThrow();
        LockNotHeldException e = assertThrows(LockNotHeldException.class, stale::unlock);
        assertTrue(e.getMessage().contains(lock.name()), e.getMessage());
        assertTrue(e.getMessage().contains(Long.toHexString(lease.id())), e.getMessage());
        LockHolder holder = lock.holder().orElseThrow();
        assertEquals(fresh.fence(), holder.fence());
        assertEquals(fresh.leaseId(), holder.leaseId());
        fresh.unlock();
    }

    @Test
    void unlockAfterExpiryFailsAndLeavesTheLockFree() {
        Lease lease = a.lessor().grant(Duration.ofMillis(500));
        LeaseLock lock = a.lock(unique("expired"));
        LockHandle h = lock.tryLock(lease.id()).orElseThrow();
        await().atMost(EXPIRY_BOUND).until(() -> lock.holder().isEmpty());
        assertFalse(h.isValid());
        LockNotHeldException e = assertThrows(LockNotHeldException.class, h::unlock);
        assertTrue(e.getMessage().contains(lock.name()), e.getMessage());
        assertTrue(lock.holder().isEmpty());
        LockHandle next = lock.tryLock().orElseThrow();
        assertTrue(next.fence() > h.fence());
        next.unlock();
    }

    @Test
    void badInputIsRefusedWithAClearMessageAndChangesNothing() {
        int leasesBefore = a.lessor().leases().size();
        assertMessage(NullPointerException.class, "lock name", () -> a.lock(null));
        assertMessage(IllegalArgumentException.class, "blank", () -> a.lock("  "));
        assertMessage(IllegalArgumentException.class, "limit", () -> a.lock("x".repeat(300)));
        assertMessage(NullPointerException.class, "ttl", () -> a.lessor().grant(null));
        assertMessage(IllegalArgumentException.class, "positive", () -> a.lessor().grant(Duration.ZERO));
        assertMessage(IllegalArgumentException.class, "positive", () -> a.lessor().grant(Duration.ofSeconds(-1)));
        assertMessage(IllegalArgumentException.class, "maximum", () -> a.lessor().grant(Duration.ofDays(400)));
        LeaseLock lock = a.lock(unique("bad"));
        assertMessage(NullPointerException.class, "wait", () -> lock.tryLock((Duration) null));
        assertMessage(IllegalArgumentException.class, "negative", () -> lock.tryLock(Duration.ofMillis(-5)));
        assertMessage(IllegalArgumentException.class, "lease id 0", () -> a.lessor().renew(0));
        long unknown = 0x0bad_cafeL;
        assertMessage(LeaseNotFoundException.class, Long.toHexString(unknown), () -> lock.tryLock(unknown));
        assertMessage(LeaseNotFoundException.class, Long.toHexString(unknown), () -> a.lessor().revoke(unknown));
        assertMessage(LeaseNotFoundException.class, Long.toHexString(unknown), () -> a.lessor().timeToLive(unknown));
        assertMessage(LeaseNotFoundException.class, Long.toHexString(unknown),
                () -> a.lessor().attach(unknown, List.of("k")));
        assertMessage(LeaseNotFoundException.class, Long.toHexString(unknown), () -> a.lessor().keepAlive(unknown));
        assertMessage(NullPointerException.class, "keys", () -> a.lessor().attach(1, null));
        assertTrue(lock.holder().isEmpty());
        assertEquals(leasesBefore, a.lessor().leases().size());
    }

    @Test
    void namesAreExactAndMalformedTextIsRefused() {
        // Lone surrogates would turn into '?' on the wire: refused, so two names never share a lock.
        assertMessage(IllegalArgumentException.class, "lone UTF-16 surrogate", () -> a.lock("s\uD800"));
        assertMessage(IllegalArgumentException.class, "lone UTF-16 surrogate", () -> a.lock("s\uDC00"));
        String base = unique("s");
        LockHandle question = a.lock(base + "?").tryLock().orElseThrow();
        LockHandle emoji = b.lock(base + "\uD83D\uDD12").tryLock().orElseThrow(); // a valid pair is its own lock
        assertEquals(base + "?", question.lockName());
        question.unlock();
        emoji.unlock();
    }

    @Test
    void aTtlBelowTheMinimumIsRefusedNamingItAndChangesNothing() {
        // The members' minimum is 100 ms in tests: refused, never lengthened.
        Set<Long> before = Set.copyOf(b.lessor().leases());
        assertMessage(IllegalArgumentException.class, "minimum TTL of 100 ms",
                () -> a.lessor().grant(Duration.ofNanos(1)));
        assertMessage(IllegalArgumentException.class, "minimum TTL of 100 ms",
                () -> a.lessor().grant(Duration.ofMillis(99)));
        assertMessage(IllegalArgumentException.class, "minimum TTL of 100 ms",
                () -> a.lock(unique("short")).tryLock(Duration.ZERO, Duration.ofMillis(50)));
        assertTrue(before.containsAll(b.lessor().leases()), "a refused grant left a lease");
        Lease least = a.lessor().grant(Duration.ofMillis(100));
        assertEquals(Duration.ofMillis(100), least.ttl());
        a.lessor().revoke(least.id());
    }

    @Test
    void aClosedInstanceRefusesEveryCallAndChangesNothing() {
        Leasehold closing = HazelcastLeasehold.create(endpoint(0));
        LeaseLock lock = closing.lock(unique("closed"));
        Lease lease = b.lessor().grant(Duration.ofSeconds(30));
        closing.close();
        assertMessage(IllegalStateException.class, "closed", lock::tryLock);
        assertMessage(IllegalStateException.class, "closed", () -> lock.tryLock(Duration.ofSeconds(1)));
        assertMessage(IllegalStateException.class, "closed", () -> lock.tryLock(lease.id()));
        assertMessage(IllegalStateException.class, "closed", () -> closing.lessor().renew(lease.id()));
        assertMessage(IllegalStateException.class, "closed", () -> closing.lessor().attach(lease.id(), List.of("k")));
        assertMessage(IllegalStateException.class, "closed", () -> closing.lessor().keepAlive(lease.id()));
        assertMessage(IllegalStateException.class, "closed", () -> closing.lessor().grant(Duration.ofSeconds(1)));
        assertMessage(IllegalStateException.class, "closed", lock::holder);
        assertTrue(b.lock(lock.name()).holder().isEmpty());
        assertEquals(Set.of(), b.lessor().timeToLive(lease.id()).keys());
        b.lessor().revoke(lease.id());
    }

    @Test
    void aShortNameLimitStillGivesAClearMessage() {
        try (Leasehold strict = HazelcastLeasehold.create(endpoint(0),
                LeaseholdSettings.builder().maxNameLength(10).build())) {
            assertMessage(IllegalArgumentException.class, "limit is 10", () -> strict.lock("x".repeat(11)));
        }
    }

    private static void assertMessage(Class<? extends Throwable> type, String fragment, Executable call) {
        Throwable e = assertThrows(type, call);
        assertNotNull(e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    // ------------------------------------------------------------------ the lessor

    @Test
    void lessorGrantsRenewsAttachesDetachesAndReports() throws Exception {
        Lease lease = a.lessor().grantAsync(Duration.ofSeconds(30)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertNotEquals(0, lease.id());
        assertEquals(Duration.ofSeconds(30), lease.ttl());
        assertTrue(b.lessor().leases().contains(lease.id()));
        b.lessor().attach(lease.id(), List.of("x", "y"));
        b.lessor().detach(lease.id(), List.of("x"));
        LeaseInfo info = a.lessor().timeToLive(lease.id());
        assertEquals(Set.of("y"), info.keys());
        assertEquals(Duration.ofSeconds(30), info.grantedTtl());
        assertTrue(info.remainingTtl().compareTo(Duration.ZERO) > 0);
        assertTrue(info.remainingTtl().compareTo(Duration.ofSeconds(30)) <= 0);
        assertEquals(Duration.ofSeconds(30), b.lessor().renewAsync(lease.id()).toCompletableFuture().get());
        b.lessor().revokeAsync(lease.id()).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertFalse(a.lessor().leases().contains(lease.id()));
        assertThrows(LeaseNotFoundException.class, () -> b.lessor().revoke(lease.id()));
    }

    @Test
    void keepAliveKeepsALeasePastItsTtlUntilClosed() {
        // Liveness, not safety: a holder starved of CPU for longer than its validity (TTL minus the
        // margin) loses its lease, by design. 1.5 s left a loaded 2-core machine about 0.85 s between
        // the last confirmed renewal and the loss; 4 s (renewed every 1.3 s) leaves it over 2 s.
        Duration ttl = Duration.ofSeconds(4);
        Lease lease = a.lessor().grant(ttl);
        KeepAlive keepAlive = a.lessor().keepAlive(lease.id());
        long until = System.nanoTime() + ttl.multipliedBy(2).toNanos();
        await().atMost(Duration.ofSeconds(20)).until(() -> System.nanoTime() - until > 0);
        assertTrue(keepAlive.isActive());
        assertEquals(ttl, a.lessor().timeToLive(lease.id()).grantedTtl());
        keepAlive.close();
        assertFalse(keepAlive.isActive());
        await().atMost(EXPIRY_BOUND).until(() -> !a.lessor().leases().contains(lease.id()));
    }

    @Test
    void leaseListenerHearsOfExpiryAndRevoke() {
        Map<Long, LeaseListener.Reason> ended = new ConcurrentHashMap<>();
        try (Registration ignored = b.lessor().addLeaseListener(ended::put)) {
            Lease expiring = a.lessor().grant(Duration.ofMillis(300));
            Lease revoked = a.lessor().grant(Duration.ofSeconds(30));
            a.lessor().revoke(revoked.id());
            await().atMost(EXPIRY_BOUND).until(() -> ended.containsKey(expiring.id()) && ended.containsKey(revoked.id()));
            assertEquals(LeaseListener.Reason.EXPIRED, ended.get(expiring.id()));
            assertEquals(LeaseListener.Reason.REVOKED, ended.get(revoked.id()));
        }
    }
}
