package io.leasehold.hazelcast.election;

import io.leasehold.election.ElectionSettings;

import java.time.Duration;

/**
 * The election's timing rules as pure functions of readings of a monotonic nanosecond clock. No
 * clock is read here; callers pass {@code now}. Differences are taken by subtraction, so the rules
 * hold wherever the clock starts, including across its wrap-around.
 *
 * <p>{@code renewedAt} is when the last <em>confirmed</em> grant or renewal of the lease was sent:
 * the members' deadline for the lease is at least {@code renewedAt + leaseDuration}, so stepping
 * down at {@code renewedAt + renewDeadline} leaves {@code leaseDuration - renewDeadline} of margin.
 */
record Deadlines(long leaseNanos, long renewDeadlineNanos, long retryNanos) {

    static Deadlines of(ElectionSettings settings) {
        return new Deadlines(nanos(settings.leaseDuration()), nanos(settings.renewDeadline()),
                nanos(settings.retryPeriod()));
    }

    /** True once no renewal has been confirmed within the renew deadline. */
    boolean mustStepDown(long now, long renewedAt) {
        return now - renewedAt >= renewDeadlineNanos;
    }

    /** Nanoseconds left before a leader renewed at {@code renewedAt} must step down; never negative. */
    long untilStepDown(long now, long renewedAt) {
        return Math.max(0, renewDeadlineNanos - (now - renewedAt));
    }

    /** When the leader looks again: after a retry period, or at the step-down instant if that comes first. */
    long nextLeaderTick(long now, long renewedAt) {
        return Math.min(retryNanos, untilStepDown(now, renewedAt));
    }

    /** The health check: no renewal confirmed for longer than the lease duration plus the tolerance. */
    boolean overdue(long now, long renewedAt, long toleranceNanos) {
        return now - renewedAt > saturatedAdd(leaseNanos, toleranceNanos);
    }

    /** A pause of one retry period plus up to {@link ElectionSettings#JITTER_FACTOR} more, for {@code random} in [0, 1). */
    long jitteredRetry(double random) {
        return saturatedAdd(retryNanos, (long) (retryNanos * ElectionSettings.JITTER_FACTOR * random));
    }

    /** The later of two clock readings. */
    static long later(long a, long b) {
        return b - a > 0 ? b : a;
    }

    /** A duration in nanoseconds, saturated at {@link Long#MAX_VALUE} (durations above ~292 years). */
    static long nanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
