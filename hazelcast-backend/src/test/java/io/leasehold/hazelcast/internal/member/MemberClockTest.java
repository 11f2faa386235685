package io.leasehold.hazelcast.internal.member;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/** The member's decision clock: monotonic, and following the wall clock only by slewing. */
class MemberClockTest {

    private final AtomicLong wall = new AtomicLong(Long.MAX_VALUE - 3_600_000); // an awkward start
    private final AtomicLong nanos = new AtomicLong(-5_000_000_000L);
    private final MemberClock clock = new MemberClock(wall::get, nanos::get);

    private void advance(long millis) {
        wall.addAndGet(millis);
        nanos.addAndGet(millis * 1_000_000);
        clock.resync();
    }

    @Test
    void aStepForwardIsFollowedAtOnePercentOfElapsedTime() {
        long start = clock.now();
        wall.addAndGet(30_000);
        for (int i = 0; i < 10; i++) {
            advance(100);
        }
        long elapsed = clock.now() - start;
        assertTrue(elapsed >= 1_000 && elapsed <= 1_010, "1 s passed, the clock moved " + elapsed + " ms");
    }

    @Test
    void aStepBackNeverMakesTheClockGoBackwards() {
        long before = clock.now();
        wall.addAndGet(-30_000);
        long last = before;
        for (int i = 0; i < 10; i++) {
            advance(100);
            assertTrue(clock.now() >= last, "went back");
            last = clock.now();
        }
        long elapsed = clock.now() - before;
        assertTrue(elapsed >= 990 && elapsed <= 1_000, "1 s passed, the clock moved " + elapsed + " ms");
    }

    @Test
    void withoutAStepItIsTheWallClock() {
        long offset = clock.now() - wall.get();
        for (int i = 0; i < 50; i++) {
            advance(100);
        }
        assertEquals(offset, clock.now() - wall.get());
    }
}
