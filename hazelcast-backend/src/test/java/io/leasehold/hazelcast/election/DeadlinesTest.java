package io.leasehold.hazelcast.election;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timing rules and the record, without a cluster; clocks start at awkward values. */
class DeadlinesTest {

    private static final long MS = 1_000_000L;
    private final Deadlines d = new Deadlines(2_000 * MS, 1_500 * MS, 400 * MS);

    @Test
    void stepsDownExactlyAtTheRenewDeadlineEvenAcrossClockWrapAround() {
        for (long renewedAt : new long[] {0, Long.MAX_VALUE - 100 * MS, Long.MIN_VALUE, -5}) {
            assertFalse(d.mustStepDown(renewedAt + 1_499 * MS, renewedAt));
            assertTrue(d.mustStepDown(renewedAt + 1_500 * MS, renewedAt));
            assertEquals(100 * MS, d.untilStepDown(renewedAt + 1_400 * MS, renewedAt));
            assertEquals(0, d.untilStepDown(renewedAt + 9_000 * MS, renewedAt));
            assertEquals(400 * MS, d.nextLeaderTick(renewedAt, renewedAt));
            assertEquals(100 * MS, d.nextLeaderTick(renewedAt + 1_400 * MS, renewedAt));
        }
    }

    @Test
    void overdueOnlyPastLeaseDurationPlusTolerance() {
        long renewedAt = Long.MAX_VALUE - 1_000 * MS;
        assertFalse(d.overdue(renewedAt + 2_200 * MS, renewedAt, 200 * MS));
        assertTrue(d.overdue(renewedAt + 2_201 * MS, renewedAt, 200 * MS));
        assertFalse(d.overdue(renewedAt + 2_201 * MS, renewedAt, Long.MAX_VALUE), "huge tolerance saturates");
        assertEquals(Long.MAX_VALUE, Deadlines.nanos(Duration.ofDays(365L * 1_000)));
    }

    @Test
    void laterReadingWinsAcrossWrapAround() {
        assertEquals(Long.MIN_VALUE, Deadlines.later(Long.MAX_VALUE, Long.MIN_VALUE));
        assertEquals(Long.MIN_VALUE, Deadlines.later(Long.MIN_VALUE, Long.MAX_VALUE));
        assertEquals(7, Deadlines.later(7, 3));
    }

    @Test
    void jitteredRetryStaysWithinOneToTwoPointTwoRetryPeriods() {
        assertEquals(400 * MS, d.jitteredRetry(0));
        long most = d.jitteredRetry(Math.nextDown(1.0));
        assertTrue(most > 870 * MS && most <= 880 * MS, "got " + most);
    }

    @Test
    void recordRoundTripsAndCountsTransitions() {
        ElectionRecord first = ElectionRecord.next(null, 42, "node/a");
        assertEquals(new ElectionRecord(42, 0, "node/a"), first);
        assertEquals(first, ElectionRecord.decode(first.encode()));
        ElectionRecord second = ElectionRecord.next(first, 43, "node-b");
        assertEquals(new ElectionRecord(43, 1, "node-b"), second);
        assertNull(ElectionRecord.next(second, 43, "node-c"), "same term: nothing to write");
        assertNull(ElectionRecord.next(second, 40, "node-a"), "an earlier term never overwrites a later one");
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ElectionRecord.decode("x/y"));
        assertTrue(bad.getMessage().contains("x/y"), bad.getMessage());
    }
}
