package io.leasehold;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** {@link ReentrantLeaseLock}, the reentrant {@code Lock} view, on an in-memory {@link FakeLeaseLock}. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReentrantLeaseLockTest {

    private final FakeLeaseLock fake = new FakeLeaseLock("ledger");
    private final ReentrantLeaseLock view = fake.asLock();
    private final ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "other-thread"));

    @AfterEach
    void stopOtherThread() {
        other.shutdownNow();
    }

    /** Runs {@code call} on the other thread and returns what it returned, or throws what it threw. */
    private <T> T onOtherThread(Callable<T> call) throws Throwable {
        try {
            return other.submit(call).get(20, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static void assertMentions(Throwable e, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(fragment),
                    "message '" + e.getMessage() + "' lacks '" + fragment + "'");
        }
    }

    // ------------------------------------------------------------------ reentrancy

    @Test
    void reentrantAcquiresCountUpKeepTheFenceAndMakeNoCall() throws Exception {
        view.lock();
        long fence = view.fence();
        LockHandle hold = view.handle();
        assertTrue(view.tryLock());
        assertTrue(view.tryLock(1, TimeUnit.SECONDS));
        view.lockInterruptibly();
        assertTrue(view.tryLock(Duration.ofSeconds(1), Duration.ofSeconds(30)));
        assertTrue(view.tryLock(lock -> fail("a re-entrant acquire does not reach the lock")));

        assertEquals(6, view.getHoldCount());
        assertEquals(fence, view.fence(), "the same fence on re-entry");
        assertSame(hold, view.handle(), "the same hold on re-entry");
        assertEquals(FakeLeaseLock.SESSION_LEASE, view.handle().leaseId(), "the first acquire's lease");
        assertEquals(1, fake.acquires(), "only the first acquire reached the lock");

        for (int i = 5; i > 0; i--) {
            view.unlock();
            assertEquals(i, view.getHoldCount());
            assertEquals(fence, fake.holder().orElseThrow().fence(), "still held after an inner unlock");
        }
        view.unlock();
        assertEquals(0, view.getHoldCount());
        assertTrue(fake.holder().isEmpty(), "released by the last unlock");
        assertFalse(hold.isValid());
        assertFalse(view.isLockedHere());

        view.lock();
        assertTrue(view.fence() > fence, "a new hold gets a new, larger fence");
        view.unlock();
    }

    @Test
    void holdCountsArePerThread() throws Throwable {
        view.lock();
        view.lock();
        assertEquals(0, (int) onOtherThread(view::getHoldCount));
        boolean heldThere = onOtherThread(view::isHeldByCurrentThread);
        boolean lockedThere = onOtherThread(() -> view.tryLock());
        boolean lockedHereSeenThere = onOtherThread(view::isLockedHere);
        assertFalse(heldThere);
        assertFalse(lockedThere, "another thread of this process contends");
        assertTrue(lockedHereSeenThere, "held here, by some thread");
        assertEquals(2, view.getHoldCount());
        view.unlock();
        view.unlock();
    }

    @Test
    void twoViewsOfOneLockContendLikeTwoProcesses() {
        ReentrantLeaseLock second = fake.asLock();
        assertNotSame(view, second);
        view.lock();
        assertFalse(second.tryLock(), "reentrancy lives in the view: the other view does not share it");
        view.unlock();
        assertTrue(second.tryLock());
        second.unlock();
    }

    @Test
    void aTryLockUnderALeaseOfItsOwnKeepsThatLeaseOnReentry() throws Exception {
        assertTrue(view.tryLock(Duration.ZERO, Duration.ofSeconds(30)));
        long ownLease = view.handle().leaseId();
        assertNotEquals(FakeLeaseLock.SESSION_LEASE, ownLease);
        view.lock();
        assertTrue(view.tryLock(Duration.ZERO, Duration.ofSeconds(5)));
        assertEquals(ownLease, view.handle().leaseId(), "re-entry leaves the first hold's lease as it is");
        assertEquals(3, view.getHoldCount());
        view.unlock();
        view.unlock();
        view.unlock();
        assertTrue(fake.holder().isEmpty());
    }

    // ------------------------------------------------------------------ unlock

    @Test
    void unlockByANonOwnerThreadIsRefusedAndChangesNothing() throws Throwable {
        view.lock();
        long fence = view.fence();
        IllegalMonitorStateException e = assertThrows(IllegalMonitorStateException.class,
                () -> onOtherThread(() -> {
                    view.unlock();
                    return null;
                }));
        assertMentions(e, "lock 'ledger'", "thread 'other-thread'");
        assertEquals(1, view.getHoldCount());
        assertTrue(view.isHeldByCurrentThread());
        assertEquals(fence, fake.holder().orElseThrow().fence());
        view.unlock();
        assertTrue(fake.holder().isEmpty());
    }

    @Test
    void unlockingMoreTimesThanLockedIsRefused() {
        IllegalMonitorStateException never = assertThrows(IllegalMonitorStateException.class, view::unlock);
        assertMentions(never, "lock 'ledger'", "is not held by thread '" + Thread.currentThread().getName() + "'");

        view.lock();
        view.lock();
        view.unlock();
        view.unlock();
        IllegalMonitorStateException once = assertThrows(IllegalMonitorStateException.class, view::unlock);
        assertMentions(once, "lock 'ledger'");
        assertFalse(once instanceof LockNotHeldException, "a plain misuse, not a lost hold");
        assertEquals(0, view.getHoldCount());
        assertTrue(fake.holder().isEmpty());
        assertTrue(view.tryLock(), "the extra unlock left the view usable");
        view.unlock();
    }

    @Test
    void theLastUnlockReleasesEvenOnAnInterruptedThreadAndKeepsTheStatus() {
        view.lock();
        FakeLeaseLock.Handle hold = (FakeLeaseLock.Handle) view.handle();
        Thread.currentThread().interrupt();
        try {
            view.unlock();
            assertTrue(Thread.currentThread().isInterrupted(), "interrupt status restored");
        } finally {
            Thread.interrupted();
        }
        assertFalse(hold.interruptedAtUnlock, "the release ran with the status cleared, so it could not give up");
        assertTrue(fake.holder().isEmpty());
    }

    @Test
    void fenceAndHandleNeedAHold() {
        IllegalMonitorStateException e = assertThrows(IllegalMonitorStateException.class, view::fence);
        assertMentions(e, "lock 'ledger'", "not held");
        assertThrows(IllegalMonitorStateException.class, view::handle);
        assertFalse(view.isHeldByCurrentThread());
    }

    // ------------------------------------------------------------------ waiting, timeouts, interrupts

    @Test
    void tryLockWithATimeoutWaitsAsLongAsAskedAndNoLonger() throws Throwable {
        assertTrue(onOtherThread(() -> fake.tryLock().isPresent()), "another holder");
        assertFalse(view.tryLock(20, TimeUnit.MILLISECONDS));
        assertFalse(view.tryLock(0, TimeUnit.SECONDS));
        assertFalse(view.tryLock(-5, TimeUnit.SECONDS));
        assertEquals(List.of(Duration.ofMillis(20), Duration.ZERO, Duration.ZERO), fake.waits(),
                "the timeout passed on; zero or negative means do not wait");
        assertEquals(0, view.getHoldCount());
        assertFalse(view.isLockedHere(), "a timed-out attempt leaves nothing in the view");
        assertEquals(0, fake.waiters(), "nor in the lock's queue");
    }

    @Test
    void tryLockConvertsItsUnitExactly() throws Exception {
        assertTrue(view.tryLock(2, TimeUnit.MINUTES));
        view.unlock();
        assertTrue(view.tryLock(1500, TimeUnit.MICROSECONDS));
        view.unlock();
        assertTrue(view.tryLock(Long.MAX_VALUE, TimeUnit.DAYS), "saturates instead of overflowing");
        view.unlock();
        assertEquals(List.of(Duration.ofMinutes(2), Duration.ofNanos(1_500_000), Duration.ofNanos(Long.MAX_VALUE)),
                fake.waits());
        NullPointerException e = assertThrows(NullPointerException.class, () -> view.tryLock(1, null));
        assertMentions(e, "unit");
    }

    @Test
    void aWaiterGetsTheLockWhenTheHolderReleasesItWithALargerFence() throws Exception {
        view.lock();
        long mine = view.fence();
        Future<Long> waiter = other.submit(() -> {
            view.lock();
            try {
                return view.fence();
            } finally {
                view.unlock();
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.waiters() == 1);
        assertFalse(waiter.isDone(), "waits while the lock is held");
        view.unlock();
        assertTrue(waiter.get(20, TimeUnit.SECONDS) > mine);
        assertTrue(fake.holder().isEmpty());
    }

    @Test
    void interruptedBeforeLockingInterruptiblyOrTimedNothingIsTried() {
        Thread.currentThread().interrupt();
        InterruptedException e = assertThrows(InterruptedException.class, view::lockInterruptibly);
        assertMentions(e, "lock 'ledger'", "interrupted before locking");
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> view.tryLock(1, TimeUnit.SECONDS));
        assertFalse(Thread.currentThread().isInterrupted(), "the status is spent on the exception");
        assertEquals(0, fake.acquires());
        assertEquals(0, view.getHoldCount());
    }

    @Test
    void interruptedWhileWaitingInterruptiblyLeavesNothingHeldOrQueued() throws Exception {
        view.lock();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                view.lockInterruptibly();
                outcome.complete("locked");
            } catch (InterruptedException e) {
                outcome.complete("interrupted, hold count " + view.getHoldCount());
            }
        }, "interruptible-waiter");
        waiter.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.waiters() == 1);
        waiter.interrupt();
        assertEquals("interrupted, hold count 0", outcome.get(20, TimeUnit.SECONDS));
        assertEquals(0, fake.waiters());
        view.unlock();
        assertTrue(fake.holder().isEmpty(), "the interrupted waiter took nothing");
    }

    @Test
    void interruptedWhileWaitingWithATimeoutGivesUp() throws Exception {
        view.lock();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                outcome.complete("locked: " + view.tryLock(1, TimeUnit.DAYS));
            } catch (InterruptedException e) {
                outcome.complete("interrupted, hold count " + view.getHoldCount());
            }
        }, "timed-waiter");
        waiter.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.waiters() == 1);
        waiter.interrupt();
        assertEquals("interrupted, hold count 0", outcome.get(20, TimeUnit.SECONDS));
        view.unlock();
        assertTrue(fake.holder().isEmpty());
    }

    @Test
    void lockWaitsOnThroughAnInterruptAndRestoresTheStatus() throws Exception {
        view.lock();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            view.lock();
            outcome.complete("held " + view.getHoldCount() + ", interrupted " + Thread.currentThread().isInterrupted());
            view.unlock();
        }, "uninterruptible-waiter");
        waiter.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.waiters() == 1);
        waiter.interrupt();
        // The wait was interrupted, and lock() went back to waiting: a second call reached the lock.
        await().atMost(Duration.ofSeconds(20)).until(() -> fake.acquires() == 3 && fake.waiters() == 1);
        assertFalse(outcome.isDone());
        view.unlock();
        assertEquals("held 1, interrupted true", outcome.get(20, TimeUnit.SECONDS));
    }

    @Test
    void lockOnAnInterruptedThreadStillLocks() {
        Thread.currentThread().interrupt();
        try {
            view.lock();
            assertTrue(Thread.currentThread().isInterrupted(), "interrupt status kept");
            assertTrue(view.isHeldByCurrentThread());
        } finally {
            Thread.interrupted();
        }
        view.unlock();
    }

    @Test
    void tryLockWithoutWaitingOnAnInterruptedThreadKeepsTheStatus() {
        Thread.currentThread().interrupt();
        try {
            assertTrue(view.tryLock());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        view.unlock();
    }

    // ------------------------------------------------------------------ a lost hold

    @Test
    void aLostHoldRefusesReentryKeepsTheCountAndItsLastUnlockReportsTheLoss() throws Throwable {
        view.lock();
        view.lock();
        long fence = view.fence();
        fake.loseHold();

        assertFalse(view.isHeldByCurrentThread(), "no longer believed held");
        assertFalse(view.handle().isValid());
        assertEquals(2, view.getHoldCount(), "the count is left for the unlocks to balance");
        assertTrue(view.isLockedHere());

        LockNotHeldException reentry = assertThrows(LockNotHeldException.class, view::lock);
        assertEquals("ledger", reentry.lockName());
        assertEquals(fence, reentry.fence());
        assertMentions(reentry, "lock 'ledger'", "fence " + fence, Thread.currentThread().getName(), "lost");
        assertThrows(LockNotHeldException.class, view::tryLock);
        assertThrows(LockNotHeldException.class, () -> view.tryLock(1, TimeUnit.SECONDS));
        assertEquals(2, view.getHoldCount(), "refused re-entries did not count");
        assertEquals(1, fake.acquires(), "nor did they reach the lock");

        long theirs = onOtherThread(() -> fake.tryLock().orElseThrow().fence());
        assertTrue(theirs > fence, "the lost lock is free for others");

        view.unlock(); // an inner unlock only counts down
        LockNotHeldException last = assertThrows(LockNotHeldException.class, view::unlock);
        assertMentions(last, "lock 'ledger'", "fence " + fence);
        assertEquals(0, view.getHoldCount());
        assertFalse(view.isLockedHere());
        assertEquals(theirs, fake.holder().orElseThrow().fence(), "the late unlock did not free the new holder's lock");
    }

    // ------------------------------------------------------------------ refusals and plumbing

    @Test
    void conditionsAreRefusedNamingTheLock() {
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, view::newCondition);
        assertMentions(e, "lock 'ledger'", "conditions are not supported");
    }

    @Test
    void customAcquiresAreUsedForTheFirstHoldOnly() throws Exception {
        assertFalse(view.tryLock(lock -> Optional.empty()), "the acquire gave up");
        assertFalse(view.isLockedHere());
        IllegalStateException boom = assertThrows(IllegalStateException.class,
                () -> view.tryLock(lock -> {
                    throw new IllegalStateException("cluster unreachable");
                }));
        assertEquals("cluster unreachable", boom.getMessage());
        assertEquals(0, view.getHoldCount(), "a failed acquire leaves nothing held");

        assertTrue(view.tryLock(lock -> lock.tryLock(0xbeefL)));
        assertEquals(0xbeefL, view.handle().leaseId());
        view.unlock();
        assertThrows(NullPointerException.class, () -> view.tryLock((ReentrantLeaseLock.Acquire) null));
    }

    @Test
    void badArgumentsAreRefusedAndLeaveNothingHeld() {
        assertMentions(assertThrows(NullPointerException.class, () -> new ReentrantLeaseLock(null)), "lock");
        assertMentions(assertThrows(NullPointerException.class, () -> view.tryLock(null, Duration.ofSeconds(1))),
                "wait");
        assertMentions(assertThrows(NullPointerException.class, () -> view.tryLock(Duration.ZERO, null)),
                "leaseTime");
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> view.tryLock(Duration.ofSeconds(-1), Duration.ofSeconds(1)));
        assertMentions(negative, "lock 'ledger'", "negative");
        assertEquals(0, view.getHoldCount());
        assertTrue(fake.holder().isEmpty());
    }

    @Test
    void nameLockAndToString() {
        assertEquals("ledger", view.name());
        assertSame(fake, view.leaseLock());
        assertTrue(view.toString().contains("'ledger'"), view.toString());
    }

    // ------------------------------------------------------------------ threads together

    @Test
    void threadsSharingOneViewNeverOverlapAndEachHoldHasALargerFence() throws Exception {
        int threads = 4;
        int rounds = 200;
        long[] counter = {0}; // unsynchronized on purpose: only the lock protects it
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        FenceChecker resource = new FenceChecker();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    assertTrue(start.await(20, TimeUnit.SECONDS));
                    for (int i = 0; i < rounds; i++) {
                        switch (thread % 3) {
                            case 0 -> view.lock();
                            case 1 -> view.lockInterruptibly();
                            default -> assertTrue(view.tryLock(20, TimeUnit.SECONDS));
                        }
                        try {
                            if (inside.incrementAndGet() > 1) {
                                overlaps.incrementAndGet();
                            }
                            resource.accept("counter", view.handle()); // a new hold must carry a larger fence
                            view.lock();
                            try {
                                assertEquals(2, view.getHoldCount());
                                resource.accept("counter", view.handle()); // the same hold writes again
                                long seen = counter[0];
                                Thread.yield();
                                counter[0] = seen + 1;
                            } finally {
                                view.unlock();
                            }
                            inside.decrementAndGet();
                        } finally {
                            view.unlock();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, overlaps.get(), "two threads in the critical section at once");
        synchronized (counter) {
            assertEquals((long) threads * rounds, counter[0], "lost updates");
        }
        assertEquals(threads * rounds, fake.acquires(), "one call per hold: re-entries made none");
        assertFalse(view.isLockedHere());
        assertTrue(fake.holder().isEmpty());
    }
}
