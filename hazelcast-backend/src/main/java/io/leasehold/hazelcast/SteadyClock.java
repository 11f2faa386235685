package io.leasehold.hazelcast;

import com.hazelcast.internal.util.Clock;
import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.Time;
import io.leasehold.hazelcast.internal.member.HazelcastClock;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * A clock for Hazelcast itself that never steps: the wall clock as it was when the JVM started, run
 * on {@link System#nanoTime()}, following later changes of the wall clock only by slewing (at most
 * 1 % fast or slow, as Leasehold's member clock does). Enable it on every member with the JVM flag
 * <pre>-Dcom.hazelcast.clock.impl=io.leasehold.hazelcast.SteadyClock</pre> (Hazelcast reads the flag
 * once, when its clock class loads, so no configuration object can set it).
 *
 * <p><b>Why.</b> A member stamps its heartbeats with its cluster time (its wall clock plus the
 * master's offset), and the member that receives one ignores it when the stamp is more than half of
 * {@code hazelcast.max.no.heartbeat.seconds} in its past (Hazelcast's {@code ClusterHeartbeatManager}).
 * So when the master's wall clock steps back, or another member's steps forward, by more than that
 * (2.5 s with the local configurations' 5 s detection, 30 s with Hazelcast's default 60 s), every
 * heartbeat between them is ignored and the healthy member is removed as if dead. Lengthening the
 * detection to cover a 30 s step would leave a silently dead member in the cluster for a minute,
 * longer than a session's TTL. With this clock a step of the wall clock moves no stamp at all, and
 * detection stays as fast as it was.
 *
 * <p>What it trades: the member's Hazelcast time (cluster time, entry timestamps, Hazelcast's own
 * TTLs) follows a corrected wall clock slowly, 36 s an hour at most; Leasehold's decisions already
 * run on a clock that does the same ({@link MemberTime}).
 */
public final class SteadyClock extends Clock.ClockImpl {

    /** The JVM flag (system property) Hazelcast reads its clock's class name from. */
    public static final String PROPERTY = HazelcastClock.PROPERTY;

    /** How often the rate is chosen again from the gap to the wall clock. */
    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long PERIOD_MILLIS = TimeUnit.NANOSECONDS.toMillis(PERIOD_NANOS);

    /** From {@code nanos} on the monotonic clock, the reading is {@code epochNanos}, running at {@code 1 + rate}. */
    private record Anchor(long epochNanos, long nanos, double rate) {
    }

    private final LongSupplier wallMillis;
    private final LongSupplier nanos;
    private final AtomicReference<Anchor> anchor;

    /** The clock Hazelcast makes from the flag: the JVM's wall and monotonic clocks. */
    public SteadyClock() {
        this(System::currentTimeMillis, System::nanoTime);
        HazelcastClock.madeSteady();
    }

    /**
     * For a launcher that owns its JVM (the standalone server, the demo): sets the flag to this
     * clock unless it names a clock already. Call it first in {@code main}, before anything touches
     * Hazelcast, which reads the flag once.
     */
    public static void installUnlessSet() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, SteadyClock.class.getName());
        }
    }

    /** Whether this JVM's Hazelcast runs on a {@code SteadyClock} it made from the flag. */
    public static boolean isHazelcastClock() {
        return HazelcastClock.isSteady();
    }

    /** A steady clock over the given wall clock (milliseconds) and monotonic clock (nanoseconds). */
    public SteadyClock(LongSupplier wallMillis, LongSupplier nanos) {
        this.wallMillis = Objects.requireNonNull(wallMillis, "wallMillis");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.anchor = new AtomicReference<>(new Anchor(wallMillis.getAsLong() * 1_000_000L, nanos.getAsLong(), 0));
    }

    /** Milliseconds since the epoch, never stepping: what Hazelcast reads as its current time. */
    public long millis() {
        long now = nanos.getAsLong();
        Anchor a = anchor.get();
        long elapsed = now - a.nanos;
        long reading = Time.slewed(a.epochNanos, elapsed, a.rate);
        long millis = reading / 1_000_000L;
        if (elapsed < PERIOD_NANOS) {
            return millis;
        }
        double rate = Time.slewRate(Time.subtract(wallMillis.getAsLong(), millis), PERIOD_MILLIS,
                LeaseDecisions.MAX_SLEW);
        anchor.compareAndSet(a, new Anchor(reading, now, rate)); // a racing reader's anchor is as good
        return millis;
    }

    @Override
    protected long currentTimeMillis() {
        return millis();
    }
}
