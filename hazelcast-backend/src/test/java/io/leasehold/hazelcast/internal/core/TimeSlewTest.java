package io.leasehold.hazelcast.internal.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimeSlewTest {

    @Test
    void theRateSpreadsTheGapOverThePeriodAndStaysWithinTheBound() {
        assertEquals(0.005, Time.slewRate(1, 200, 0.01), 1e-12);
        assertEquals(0.01, Time.slewRate(30_000, 100, 0.01), 1e-12);
        assertEquals(-0.01, Time.slewRate(-30_000, 100, 0.01), 1e-12);
        assertEquals(0, Time.slewRate(0, 100, 0.01), 1e-12);
        assertEquals(0.01, Time.slewRate(Long.MAX_VALUE, 0, 0.01), 1e-12);
    }

    @Test
    void aSlewedReadingRunsAtOnePlusTheRateFromItsAnchor() {
        assertEquals(1_000 + 1_010, Time.slewed(1_000, 1_000, 0.01));
        assertEquals(1_000 + 990, Time.slewed(1_000, 1_000, -0.01));
        assertEquals(1_000, Time.slewed(1_000, -5, 0.01), "a monotonic clock read early does not go below the anchor");
        assertEquals(Long.MAX_VALUE, Time.slewed(Long.MAX_VALUE - 10, 1_000_000_000L, 0));
    }
}
