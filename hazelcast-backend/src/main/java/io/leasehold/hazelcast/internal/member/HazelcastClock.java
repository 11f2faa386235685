package io.leasehold.hazelcast.internal.member;

/**
 * What this JVM's Hazelcast reads as its clock, as far as Leasehold can tell: the flag Hazelcast
 * reads its clock class from, and whether Hazelcast made Leasehold's steady clock from it.
 */
public final class HazelcastClock {

    /** The JVM flag (system property) Hazelcast reads its clock's class name from. */
    public static final String PROPERTY = "com.hazelcast.clock.impl";

    /** The steady clock's class, as the flag names it. */
    public static final String STEADY = "io.leasehold.hazelcast.SteadyClock";

    private static volatile boolean steady;

    private HazelcastClock() {
    }

    /** Called by the steady clock when Hazelcast makes it from the flag. */
    public static void madeSteady() {
        steady = true;
    }

    /** Whether Hazelcast made a steady clock in this JVM. */
    public static boolean isSteady() {
        return steady;
    }
}
