package io.leasehold.election;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every invalid setting is refused with a message naming it (and the value). */
class ElectionSettingsTest {

    private static ElectionSettings.Builder builder() {
        return ElectionSettings.builder("jobs", "node-a");
    }

    @Test
    void defaultsAreTheUsualOnesAndValid() {
        ElectionSettings s = builder().build();
        assertEquals(Duration.ofSeconds(15), s.leaseDuration());
        assertEquals(Duration.ofSeconds(10), s.renewDeadline());
        assertEquals(Duration.ofSeconds(2), s.retryPeriod());
        assertFalse(s.releaseOnCancel());
        assertEquals("jobs", s.name());
        assertEquals("node-a", s.identity());
    }

    @Test
    void validShortSettingsAreAccepted() {
        ElectionSettings s = builder().leaseDuration(Duration.ofSeconds(2)).renewDeadline(Duration.ofMillis(1500))
                .retryPeriod(Duration.ofMillis(400)).releaseOnCancel(true).build();
        assertEquals(Duration.ofMillis(1500), s.renewDeadline());
        assertTrue(s.releaseOnCancel());
    }

    @Test
    void nullsAreRefusedNamingTheSetting() {
        assertMessage(NullPointerException.class, "name", () -> ElectionSettings.builder(null, "a"));
        assertMessage(NullPointerException.class, "identity", () -> ElectionSettings.builder("e", null));
        assertMessage(NullPointerException.class, "leaseDuration", () -> builder().leaseDuration(null));
        assertMessage(NullPointerException.class, "renewDeadline", () -> builder().renewDeadline(null));
        assertMessage(NullPointerException.class, "retryPeriod", () -> builder().retryPeriod(null));
        assertMessage(NullPointerException.class, "nanoClock", () -> builder().nanoClock(null));
    }

    @Test
    void blankNamesAreRefused() {
        assertMessage(IllegalArgumentException.class, "name must not be blank", () -> ElectionSettings.builder(" ", "a"));
        assertMessage(IllegalArgumentException.class, "identity must not be blank", () -> ElectionSettings.builder("e", ""));
    }

    @Test
    void zeroOrNegativeDurationsAreRefusedNamingTheSettingAndValue() {
        assertMessage(IllegalArgumentException.class, "leaseDuration must be positive, got PT0S",
                () -> builder().leaseDuration(Duration.ZERO));
        assertMessage(IllegalArgumentException.class, "renewDeadline must be positive, got PT-1S",
                () -> builder().renewDeadline(Duration.ofSeconds(-1)));
        assertMessage(IllegalArgumentException.class, "retryPeriod must be positive, got PT0S",
                () -> builder().retryPeriod(Duration.ZERO));
        assertMessage(IllegalArgumentException.class, "leaseDuration must be at least 1 ms",
                () -> builder().leaseDuration(Duration.ofNanos(10)));
    }

    @Test
    void leaseDurationMustExceedRenewDeadline() {
        assertMessage(IllegalArgumentException.class, "leaseDuration (PT1.5S) must be greater than renewDeadline (PT1.5S)",
                () -> builder().leaseDuration(Duration.ofMillis(1500)).renewDeadline(Duration.ofMillis(1500))
                        .retryPeriod(Duration.ofMillis(400)).build());
        assertMessage(IllegalArgumentException.class, "leaseDuration (PT1S) must be greater than renewDeadline (PT10S)",
                () -> builder().leaseDuration(Duration.ofSeconds(1)).build());
    }

    @Test
    void renewDeadlineMustExceedRetryPeriodTimesJitter() {
        // 1.2 × 500 ms = 600 ms: equal is refused, one millisecond more is fine.
        assertMessage(IllegalArgumentException.class,
                "renewDeadline (PT0.6S) must be greater than 1.2 × retryPeriod (PT0.5S), that is PT0.6S",
                () -> builder().leaseDuration(Duration.ofSeconds(1)).renewDeadline(Duration.ofMillis(600))
                        .retryPeriod(Duration.ofMillis(500)).build());
        assertEquals(Duration.ofMillis(601), builder().leaseDuration(Duration.ofSeconds(1))
                .renewDeadline(Duration.ofMillis(601)).retryPeriod(Duration.ofMillis(500)).build().renewDeadline());
        assertMessage(IllegalArgumentException.class, "renewDeadline (PT10S) must be greater than 1.2 × retryPeriod (PT10S)",
                () -> builder().retryPeriod(Duration.ofSeconds(10)).build());
    }

    @Test
    void aSettingGivenTwiceIsRefused() {
        assertMessage(IllegalStateException.class, "leaseDuration was already set",
                () -> builder().leaseDuration(Duration.ofSeconds(20)).leaseDuration(Duration.ofSeconds(30)));
        assertMessage(IllegalStateException.class, "releaseOnCancel was already set",
                () -> builder().releaseOnCancel(true).releaseOnCancel(false));
    }

    @Test
    void messagesNameTheElectionAndTheCandidate() {
        for (Executable bad : new Executable[] {
                () -> builder().leaseDuration(Duration.ZERO),
                () -> builder().renewDeadline(null),
                () -> builder().retryPeriod(Duration.ofSeconds(1)).retryPeriod(Duration.ofSeconds(1)),
                () -> builder().nanoClock(null),
                () -> builder().leaseDuration(Duration.ofSeconds(1)).build()}) {
            assertMessage(RuntimeException.class, "election 'jobs', candidate 'node-a': ", bad);
        }
        assertMessage(IllegalArgumentException.class, "election 'jobs': identity must not be blank",
                () -> ElectionSettings.builder("jobs", " "));
    }

    private static void assertMessage(Class<? extends Throwable> type, String fragment, Executable call) {
        Throwable e = assertThrows(type, call);
        assertTrue(e.getMessage() != null && e.getMessage().contains(fragment),
                "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }
}
