package io.leasehold.hazelcast;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/** Hazelcast's steady clock on a fake wall clock and a fake monotonic clock, started at awkward values. */
class SteadyClockTest {

    private final AtomicLong wall = new AtomicLong(1_700_000_000_000L);
    private final AtomicLong nanos = new AtomicLong(Long.MAX_VALUE - TimeUnit.MINUTES.toNanos(1));
    private final SteadyClock clock = new SteadyClock(wall::get, nanos::get);

    private void advance(long millis) {
        // Read every 10 ms, as Hazelcast does all the time.
        for (long t = 0; t < millis; t += 10) {
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
            wall.addAndGet(10);
            clock.millis();
        }
    }

    @Test
    void followsAnUnsteppedWallClock() {
        long start = clock.millis();
        advance(5_000);
        assertEquals(start + 5_000, clock.millis(), 1);
    }

    @Test
    void aStepOfTheWallClockEitherWayMovesItByAtMostOnePercentOfTheTimeElapsed() {
        for (long step : new long[] {30_000, -60_000, 30_000}) {
            long before = clock.millis();
            wall.addAndGet(step);
            advance(10_000);
            long moved = clock.millis() - before;
            assertTrue(moved >= 9_900 - 1 && moved <= 10_100 + 1, "after a step of " + step + " ms it moved " + moved
                    + " ms in 10 s");
        }
    }

    @Test
    void catchesUpWithASteppedWallClockAndNeverGoesBack() {
        wall.addAndGet(-3_000);
        long last = clock.millis();
        for (int i = 0; i < 40_000; i++) {
            nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
            wall.addAndGet(10);
            long now = clock.millis();
            assertTrue(now >= last, "went back from " + last + " to " + now);
            last = now;
        }
        assertEquals(wall.get(), clock.millis(), 10, "400 s at 1 % closes a 3 s gap");
    }
}
