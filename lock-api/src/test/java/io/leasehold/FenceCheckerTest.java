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
}
