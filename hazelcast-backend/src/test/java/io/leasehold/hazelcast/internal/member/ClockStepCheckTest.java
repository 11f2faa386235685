package io.leasehold.hazelcast.internal.member;

import io.leasehold.hazelcast.SteadyClock;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class ClockStepCheckTest {

    @Test
    void fastDetectionOnHazelcastsOwnClockIsWarnedAboutNamingTheFlag() {
        Optional<String> w = ClockStepCheck.warning(false, null, 5_000);
        assertTrue(w.isPresent());
        assertTrue(w.get().contains("hazelcast.max.no.heartbeat.seconds=5"), w.get());
        assertTrue(w.get().contains("more than 2.5 s"), w.get());
        assertTrue(w.get().contains("-Dcom.hazelcast.clock.impl=" + SteadyClock.class.getName()), w.get());
        assertTrue(ClockStepCheck.warning(false, "com.hazelcast.internal.util.Clock$SystemClock", 5_000).isPresent());
    }

    @Test
    void theFlagsNamesAreTheSteadyClocks() {
        assertEquals(SteadyClock.class.getName(), HazelcastClock.STEADY);
        assertEquals(SteadyClock.PROPERTY, HazelcastClock.PROPERTY);
    }

    @Test
    void aSteadyClockAChosenClockOrDetectionThatToleratesAThirtySecondStepIsNot() {
        assertEquals(Optional.empty(), ClockStepCheck.warning(true, SteadyClock.class.getName(), 5_000));
        assertEquals(Optional.empty(), ClockStepCheck.warning(false, "com.example.OwnClock", 5_000));
        assertEquals(Optional.empty(), ClockStepCheck.warning(false, null, 60_000));
        assertTrue(ClockStepCheck.warning(false, null, 59_000).isPresent());
    }
}
