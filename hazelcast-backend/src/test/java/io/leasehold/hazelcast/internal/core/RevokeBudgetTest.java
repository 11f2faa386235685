package io.leasehold.hazelcast.internal.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.*;

/** The revoker's pace with plain numbers for time, including clocks at awkward values. */
class RevokeBudgetTest {

    private static final long[] STARTS = {0, 1_700_000_000_000L, Long.MAX_VALUE - 120_000, Long.MIN_VALUE + 60_000, -5_000};

    /** Spends everything available at {@code now} in batches, as the revoker does; returns how many. */
    private static int drain(RevokeBudget budget, long now) {
        int total = 0;
        for (int n = budget.available(now); n > 0; n = budget.available(now)) {
            budget.spent(n);
            total += n;
        }
        return total;
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1_700_000_000_000L, Long.MAX_VALUE - 60_000, Long.MIN_VALUE, -5_000})
    void refillsAtTheRateAndHandsOutAtMostABatch(long t0) {
        RevokeBudget budget = new RevokeBudget(100, 30, t0);
        assertEquals(30, budget.available(t0), "starts with a batch (at most a second's worth)");
        budget.spent(30);
        assertEquals(0, budget.available(t0));
        assertEquals(10, budget.available(t0 + 100), "100/s gives 10 in 100 ms");
        budget.spent(10);
        assertEquals(30, budget.available(t0 + 1_000), "the next 900 ms' 90 permits come out in batches of 30");
        budget.spent(30);
        assertEquals(30, budget.available(t0 + 1_000));
        budget.spent(30);
        assertEquals(30, budget.available(t0 + 1_000));
        budget.spent(30);
        assertEquals(0, budget.available(t0 + 1_000));
    }

    @ParameterizedTest
    @CsvSource({"3, 10, 10", "100, 30, 10", "1000, 50, 1", "7, 7, 100", "250, 1000, 37"})
    void aBusyRevokerKeepsToTheRate(int rate, int batch, long tickMillis) {
        for (long t0 : STARTS) {
            RevokeBudget budget = new RevokeBudget(rate, batch, t0);
            long spentAfterStart = -Math.min(rate, batch);
            long last = t0;
            for (long t = t0; t <= t0 + 10_000; t += tickMillis) {
                spentAfterStart += drain(budget, t);
                last = t;
            }
            // The rate over the time that passed; a permit due at the last tick may come one tick later.
            double due = (last - t0) / 1e3 * rate;
            assertTrue(spentAfterStart <= due, rate + "/s spent " + spentAfterStart + " in " + (last - t0) + " ms");
            assertTrue(spentAfterStart >= due - 1, rate + "/s spent only " + spentAfterStart + " in " + (last - t0) + " ms");
        }
    }

    @Test
    void savesNoMoreThanOneSecondWhileIdle() {
        for (long t0 : STARTS) {
            RevokeBudget budget = new RevokeBudget(50, 20, t0);
            assertEquals(20, drain(budget, t0));
            assertEquals(50, drain(budget, t0 + 60_000), "a minute idle saves one second's worth, from " + t0);
            assertEquals(0, drain(budget, t0 + 60_000));
            assertEquals(5, drain(budget, t0 + 60_100), "from " + t0);
        }
    }

    @Test
    void aClockThatGoesBackAddsNothing() {
        for (long t0 : STARTS) {
            RevokeBudget budget = new RevokeBudget(100, 100, t0);
            assertEquals(100, drain(budget, t0));
            assertEquals(0, budget.available(t0 - 5_000), "a step back adds nothing, from " + t0);
            // The step back did not move the refill time back: 100 ms after t0 gives 100 ms' worth.
            assertEquals(10, budget.available(t0 + 100));
            assertEquals(10, budget.available(t0 - 1_000), "unspent permits stay, none are added");
            assertEquals(10, budget.available(t0 + 100));
        }
    }

    @Test
    void theEndsOfTimeNeitherOverflowNorGoNegative() {
        RevokeBudget budget = new RevokeBudget(40, 15, Long.MIN_VALUE);
        assertEquals(15, drain(budget, Long.MIN_VALUE));
        assertEquals(40, drain(budget, Long.MAX_VALUE), "the whole range of time is one second's worth at most");
        assertEquals(0, budget.available(Long.MAX_VALUE));
        assertEquals(0, budget.available(Long.MIN_VALUE));
    }

    @Test
    void badArgumentsAreRefusedWithTheValues() {
        for (int[] bad : new int[][] {{0, 10}, {-1, 10}, {10, 0}, {10, -5}, {Integer.MIN_VALUE, Integer.MIN_VALUE}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new RevokeBudget(bad[0], bad[1], 0));
            assertTrue(e.getMessage().contains("revoke rate and batch size must be positive"), e.getMessage());
            assertTrue(e.getMessage().contains(bad[0] + "/s") && e.getMessage().contains(", " + bad[1]), e.getMessage());
        }
    }
}
