package io.leasehold.hazelcast.internal.core;

/**
 * The revoker's pace: a token bucket on the member's clock that lets at most {@code ratePerSecond}
 * leases be revoked a second, in batches of at most {@code batchSize}, and saves no more than one
 * second's worth while idle (so a pile-up after a quiet spell still drains at the rate). Plain
 * numbers in, plain numbers out; owned by the revoker thread alone.
 */
public final class RevokeBudget {

    private final int ratePerSecond;
    private final int batchSize;
    private double permits;
    private long lastRefill;

    public RevokeBudget(int ratePerSecond, int batchSize, long now) {
        if (ratePerSecond <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("revoke rate and batch size must be positive: "
                    + ratePerSecond + "/s, " + batchSize);
        }
        this.ratePerSecond = ratePerSecond;
        this.batchSize = batchSize;
        this.permits = Math.min(batchSize, ratePerSecond);
        this.lastRefill = now;
    }

    /** How many leases may be revoked at {@code now}: at most one batch. A clock that went back adds nothing. */
    public int available(long now) {
        long elapsed = Math.max(0, Time.subtract(now, lastRefill));
        permits = Math.min(ratePerSecond, permits + elapsed / 1e3 * ratePerSecond);
        lastRefill = Math.max(lastRefill, now);
        return (int) Math.min(batchSize, permits);
    }

    /** {@code count} leases were sent for revocation. */
    public void spent(int count) {
        permits -= count;
    }
}
