package io.leasehold.hazelcast.internal.core;

/**
 * Saturating arithmetic for deadlines, so clocks started at awkward values cannot overflow; and the
 * one bound on how long a try waits for the cluster.
 */
public final class Time {

    /** The longest one try of a call waits for its answer before it counts as unknown and is retried. */
    public static final long ATTEMPT_MILLIS = 5_000;

    private Time() {
    }

    /** {@code a + b}, clamped to the range of long. */
    public static long add(long a, long b) {
        long r = a + b;
        // Overflow iff both operands have the same sign and the result's sign differs.
        if (((a ^ r) & (b ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /** {@code a - b}, clamped to the range of long. */
    public static long subtract(long a, long b) {
        long r = a - b;
        if (((a ^ b) & (a ^ r)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return r;
    }

    /** Time left from {@code now} until {@code deadline}, never negative. */
    public static long remaining(long deadline, long now) {
        return Math.max(0, subtract(deadline, now));
    }

    /**
     * The rate at which a clock that must not step catches up with its wall clock: the gap spread over
     * {@code periodMillis}, at most {@code maxRate} either way (0.01: the clock runs at most 1 % fast or
     * slow). A gap of 30 s then closes in 3,000 s, and the clock never jumps.
     */
    public static double slewRate(long gapMillis, long periodMillis, double maxRate) {
        double rate = (double) gapMillis / Math.max(1, periodMillis);
        return Math.max(-maxRate, Math.min(maxRate, rate));
    }

    /**
     * The reading of a clock anchored at {@code anchor} after {@code elapsed} of monotonic time (the
     * same unit), running at {@code 1 + rate}: never below the anchor, never decreasing while the rate
     * holds.
     */
    public static long slewed(long anchor, long elapsed, double rate) {
        return add(anchor, (long) (Math.max(0, elapsed) * (1 + rate)));
    }
}
