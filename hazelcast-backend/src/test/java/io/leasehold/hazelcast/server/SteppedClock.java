package io.leasehold.hazelcast.server;

import com.hazelcast.internal.util.Clock;
import io.leasehold.hazelcast.SteadyClock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Hazelcast's clock in a forked member whose wall clock a test steps ({@link ForkedMember#stepClock}):
 * Leasehold's {@link SteadyClock} over the JVM's wall clock plus {@link #STEP}. The member's Hazelcast
 * (heartbeat stamps, cluster time) and Leasehold's member clock read nothing else, so to them the
 * step is a step of the machine's clock; the JVM's own {@code System.currentTimeMillis()} does not move.
 */
public final class SteppedClock extends Clock.ClockImpl {

    /** How far the wall clock is stepped now, in milliseconds. */
    static final AtomicLong STEP = new AtomicLong();

    private final SteadyClock steady = new SteadyClock(() -> System.currentTimeMillis() + STEP.get(), System::nanoTime);

    @Override
    protected long currentTimeMillis() {
        return steady.millis();
    }
}
