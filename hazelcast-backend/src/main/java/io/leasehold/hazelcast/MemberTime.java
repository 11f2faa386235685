package io.leasehold.hazelcast;

import com.hazelcast.core.HazelcastInstance;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The two clocks a member's decisions are made with, the member side's one clock setting
 * ({@link MemberSettings.Builder#time}). A member decides on a clock of milliseconds that never
 * steps: it runs on {@link #nanos()} from an anchor taken from {@link #wallMillis} when the member
 * starts, and follows the wall clock only by slewing (at most 1% of elapsed time), so a step of the
 * wall clock neither ends a lease early nor keeps it for ever.
 *
 * <p>The default, {@link #cluster()}, is Hazelcast's cluster time and {@link System#nanoTime()}. Tests
 * and benchmarks move time with {@link #shiftedBy} (both clocks jump together: the member's time
 * steps at once) or {@link #wallShiftedBy} (only the wall clock steps: the member slews toward it).
 */
public interface MemberTime {

    /** The wall clock in milliseconds the member follows, given the member. */
    long wallMillis(HazelcastInstance member);

    /** The monotonic clock in nanoseconds the member runs on. */
    long nanos();

    /** Hazelcast's cluster time and the JVM's monotonic clock: the default. */
    static MemberTime cluster() {
        return new MemberTime() {
            @Override
            public long wallMillis(HazelcastInstance member) {
                return member.getCluster().getClusterTime();
            }

            @Override
            public long nanos() {
                return System.nanoTime();
            }

            @Override
            public String toString() {
                return "cluster time";
            }
        };
    }

    /**
     * Both clocks ahead of the default by {@code offsetMillis}, read at every tick: moving the offset
     * moves the member's time at once, by exactly that much (steps included).
     */
    static MemberTime shiftedBy(LongSupplier offsetMillis) {
        Objects.requireNonNull(offsetMillis, "offsetMillis");
        MemberTime base = cluster();
        return new MemberTime() {
            @Override
            public long wallMillis(HazelcastInstance member) {
                return base.wallMillis(member) + offsetMillis.getAsLong();
            }

            @Override
            public long nanos() {
                return base.nanos() + offsetMillis.getAsLong() * 1_000_000L;
            }
        };
    }

    /**
     * Only the wall clock ahead of the default by {@code offsetMillis}: a step of the offset is a step
     * of the member's wall clock, which the member follows by slewing.
     */
    static MemberTime wallShiftedBy(LongSupplier offsetMillis) {
        Objects.requireNonNull(offsetMillis, "offsetMillis");
        MemberTime base = cluster();
        return new MemberTime() {
            @Override
            public long wallMillis(HazelcastInstance member) {
                return base.wallMillis(member) + offsetMillis.getAsLong();
            }

            @Override
            public long nanos() {
                return base.nanos();
            }
        };
    }

    /**
     * A clock of milliseconds moved by hand only (a test's fake clock): both the wall and the
     * monotonic clock read it, so the member's time is exactly {@code millis} and moves only when it does.
     */
    static MemberTime manual(LongSupplier millis) {
        Objects.requireNonNull(millis, "millis");
        return new MemberTime() {
            @Override
            public long wallMillis(HazelcastInstance member) {
                return millis.getAsLong();
            }

            @Override
            public long nanos() {
                return millis.getAsLong() * 1_000_000L;
            }
        };
    }
}
