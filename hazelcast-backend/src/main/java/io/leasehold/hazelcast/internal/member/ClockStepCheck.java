package io.leasehold.hazelcast.internal.member;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Says once per JVM, when a member starts, that a step of its wall clock would cost the cluster a
 * healthy member: Hazelcast ignores heartbeats stamped more than half of
 * {@code hazelcast.max.no.heartbeat.seconds} in the receiver's past, so with fast failure detection
 * a member whose clock steps (or the master's, which every member follows) is removed, and the rest
 * can fall apart into single members that split-brain protection refuses. Silent when Hazelcast runs
 * on Leasehold's steady clock, on a clock the operator chose, or when detection tolerates a 30 s step.
 */
final class ClockStepCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ClockStepCheck.class);

    /** A step this large is what an NTP correction after a suspended VM or an operator's fix looks like. */
    static final long TOLERATED_STEP_MILLIS = TimeUnit.SECONDS.toMillis(30);

    private static final AtomicBoolean SAID = new AtomicBoolean();

    private ClockStepCheck() {
    }

    /** Logs the warning for {@code hz} if it applies and this JVM has not logged it yet. */
    static void onStart(HazelcastInstance hz) {
        long detection = new HazelcastProperties(hz.getConfig()).getMillis(ClusterProperty.MAX_NO_HEARTBEAT_SECONDS);
        warning(HazelcastClock.isSteady(), System.getProperty(HazelcastClock.PROPERTY), detection)
                .filter(w -> SAID.compareAndSet(false, true))
                .ifPresent(LOG::warn);
    }

    /**
     * The warning for a member whose Hazelcast clock is {@code steady} or not, named by the flag
     * {@code clockFlag} (null when unset), with {@code detectionMillis} of failure detection.
     */
    static Optional<String> warning(boolean steady, String clockFlag, long detectionMillis) {
        boolean hazelcastsOwn = clockFlag == null || clockFlag.startsWith("com.hazelcast.");
        long tolerated = detectionMillis / 2;
        if (steady || !hazelcastsOwn || tolerated >= TOLERATED_STEP_MILLIS) {
            return Optional.empty();
        }
        return Optional.of(String.format("Leasehold: this member's Hazelcast reads the wall clock as it is, and with"
                + " hazelcast.max.no.heartbeat.seconds=%d a step of a member's wall clock by more than %.1f s removes"
                + " a healthy member (its heartbeats look stale) and can split the cluster into single members that"
                + " refuse every call. Start every member's JVM with -D%s=%s (Hazelcast's time then never steps)",
                TimeUnit.MILLISECONDS.toSeconds(detectionMillis), tolerated / 1000.0, HazelcastClock.PROPERTY,
                HazelcastClock.STEADY));
    }
}
