package io.leasehold.hazelcast.internal.member;

import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.Time;
import java.util.function.LongSupplier;

/**
 * The member's decision clock: milliseconds that never step. It runs on the monotonic clock from
 * an anchor taken from cluster time, and follows cluster time only by slewing: every
 * {@link #resync()} moves it toward the wall clock by at most {@code SLEW} of the time elapsed. A
 * wall-clock step of +30 s therefore never revokes early (the clock runs at most 1% faster than real
 * time, and every deadline a grant or renew sets carries {@link LeaseDecisions#slack} for exactly
 * that, so a lease lasts at least its TTL in real time) nor, for a step back, keeps a lease for ever
 * (the lag is corrected at 1% of elapsed time). Reads are lock-free; {@link #resync()} runs on one
 * thread.
 */
final class MemberClock {

    /** How fast the clock may drift toward the wall clock: 1% of elapsed time, the bound deadlines allow for. */
    static final double SLEW = LeaseDecisions.MAX_SLEW;

    private record Anchor(long millis, long nanos) {
    }

    private final LongSupplier wall;
    private final LongSupplier nanos;
    private volatile Anchor anchor;

    MemberClock(LongSupplier wall, LongSupplier nanos) {
        this.wall = wall;
        this.nanos = nanos;
        this.anchor = new Anchor(wall.getAsLong(), nanos.getAsLong());
    }

    long now() {
        Anchor a = anchor;
        return Time.add(a.millis, (nanos.getAsLong() - a.nanos) / 1_000_000);
    }

    /** Takes the wall clock as it is now (the member has just joined and its cluster time is set). */
    synchronized void reset() {
        anchor = new Anchor(wall.getAsLong(), nanos.getAsLong());
    }

    /** Moves the anchor toward the wall clock by at most {@link #SLEW} of the time since the last move. */
    synchronized void resync() {
        Anchor a = anchor;
        long n = nanos.getAsLong();
        long elapsedMillis = Math.max(0, (n - a.nanos) / 1_000_000);
        long mono = Time.add(a.millis, elapsedMillis);
        long diff = Time.subtract(wall.getAsLong(), mono);
        long max = (long) (elapsedMillis * SLEW);
        long step = Math.max(-max, Math.min(max, diff));
        anchor = new Anchor(Time.add(mono, step), a.nanos + elapsedMillis * 1_000_000);
    }
}
