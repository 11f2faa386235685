package io.leasehold;

import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

class FenceCheckerTest {

    @Test
    void refusesALowerFenceAndAcceptsEqualOrHigher() {
        FenceChecker checker = new FenceChecker();
        assertTrue(checker.tryAccept("ledger", 10));
        assertTrue(checker.tryAccept("ledger", 10));
        assertTrue(checker.tryAccept("ledger", 12));
        assertFalse(checker.tryAccept("ledger", 11));
        assertEquals(12, checker.highest("ledger"));
        StaleFenceException e = assertThrows(StaleFenceException.class, () -> checker.accept("ledger", 3));
        assertTrue(e.getMessage().contains("'ledger'"), e.getMessage());
        assertTrue(e.getMessage().contains("12"), e.getMessage());
        assertEquals(12, checker.highest("ledger"));
    }

    @Test
    void resourcesAreIndependent() {
        FenceChecker checker = new FenceChecker();
        checker.accept("a", 100);
        assertTrue(checker.tryAccept("b", 1));
        assertEquals(Long.MIN_VALUE, checker.highest("c"));
    }

    @Test
    void concurrentWritersNeverMoveTheHighestDown() throws InterruptedException {
        FenceChecker checker = new FenceChecker();
        AtomicLong accepted = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int offset = t;
            pool.execute(() -> {
                for (long f = offset; f < 20_000; f += 4) {
                    if (checker.tryAccept("r", f)) {
                        accepted.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(19_999, checker.highest("r"));
        assertTrue(accepted.get() > 0);
    }

    @Test
    void anEqualFenceIsAcceptedOnlyFromTheSameLease() {
        FenceChecker checker = new FenceChecker();
        assertTrue(checker.tryAccept("row", 10, 0xaL));
        assertTrue(checker.tryAccept("row", 10, 0xaL), "the same hold writes again");
        assertFalse(checker.tryAccept("row", 10, 0xbL), "another holder with the same fence");
        assertFalse(checker.tryAccept("row", 9, 0xaL));
        assertTrue(checker.tryAccept("row", 11, 0xbL));
        assertEquals(11, checker.highest("row"));
    }

    @Test
    void nullResourceIsRefused() {
        FenceChecker checker = new FenceChecker();
        assertThrows(NullPointerException.class, () -> checker.tryAccept(null, 1));
    }

    @Test
    void nullsAreRefusedNamingTheArgument() {
        FenceChecker checker = new FenceChecker();
        assertEquals("resource", assertThrows(NullPointerException.class, () -> checker.tryAccept(null, 1, 2)).getMessage());
        assertEquals("resource", assertThrows(NullPointerException.class, () -> checker.highest(null)).getMessage());
        assertEquals("hold", assertThrows(NullPointerException.class,
                () -> checker.tryAccept("row", (LockHandle) null)).getMessage());
        assertEquals(Long.MIN_VALUE, checker.highest("row"), "nothing recorded");
    }

    @Test
    void aStaleHoldIsRefusedWithTheResourceAndBothFences() {
        FenceChecker checker = new FenceChecker();
        FakeLeaseLock lock = new FakeLeaseLock("orders");
        LockHandle first = lock.tryLock().orElseThrow();
        first.unlock();
        LockHandle second = lock.tryLock().orElseThrow();
        checker.accept("row-7", second);
        checker.accept("row-7", second); // the same hold writes again
        StaleFenceException e = assertThrows(StaleFenceException.class, () -> checker.accept("row-7", first));
        assertEquals("row-7", e.resource());
        assertEquals(first.fence(), e.fence());
        assertEquals(second.fence(), e.highest());
        assertTrue(e.getMessage().contains("resource 'row-7'"), e.getMessage());
        assertTrue(e.getMessage().contains("fence " + first.fence() + " is stale"), e.getMessage());
    }

    @Test
    void theSameFenceFromAnotherLeaseIsRefusedAsStale() {
        FenceChecker checker = new FenceChecker();
        checker.tryAccept("row", 7, 0xaL);
        StaleFenceException e = assertThrows(StaleFenceException.class, () -> checker.accept("row", new Hold(7, 0xbL)));
        assertEquals(7, e.fence());
        assertEquals(7, e.highest());
    }

    @Test
    void extremeFencesAreOrderedAsNumbers() {
        FenceChecker checker = new FenceChecker();
        assertTrue(checker.tryAccept("r", -5, 0xaL), "the first write is accepted whatever its fence");
        assertTrue(checker.tryAccept("r", 0, 0xaL));
        assertTrue(checker.tryAccept("r", Long.MAX_VALUE, 0xaL));
        assertFalse(checker.tryAccept("r", Long.MAX_VALUE - 1, 0xaL), "no wrap-around at the top");
        assertFalse(checker.tryAccept("r", Long.MIN_VALUE, 0xaL));
        assertTrue(checker.tryAccept("r", Long.MAX_VALUE, 0xaL), "the same hold writes again");
        assertEquals(Long.MAX_VALUE, checker.highest("r"));
    }

    @Test
    void theFormWithoutALeaseKeepsTheWritersLeaseOnARepeatAndForgetsItOnAHigherFence() {
        FenceChecker checker = new FenceChecker();
        assertTrue(checker.tryAccept("r", 5, 0xaL));
        assertTrue(checker.tryAccept("r", 5), "equal fences are accepted without a lease");
        assertTrue(checker.tryAccept("r", 5, 0xaL), "the lease that wrote 5 is still known");
        assertFalse(checker.tryAccept("r", 5, 0xbL));
        assertTrue(checker.tryAccept("r", 6));
        assertFalse(checker.tryAccept("r", 6, 0xaL), "fence 6 was written with no lease: no lease may claim it");
        assertTrue(checker.tryAccept("r", 7, 0xaL));
    }

    /** A handle carrying a given fence and lease. */
    private record Hold(long fence, long leaseId) implements LockHandle {
        @Override
        public String lockName() {
            return "row-lock";
        }

        @Override
        public boolean isValid() {
            return true;
        }

        @Override
        public void unlock() {
        }

        @Override
        public void close() {
        }
    }
}
