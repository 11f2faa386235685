package io.leasehold.demo;

import io.leasehold.hazelcast.LeaseholdSettings;
import io.leasehold.hazelcast.MemberSettings;

import java.time.Duration;

/** The demo's fixed timings, shared by embedded and forked members and by the workers. */
final class DemoSettings {

    /** TTL of the lease a stalling or dying holder locks with: short, so the demo shows reclaims quickly. */
    static final Duration TROUBLE_TTL = Duration.ofSeconds(1);
    /** How long a stalled worker pauses: well past {@link #TROUBLE_TTL}, so others take the lock meanwhile. */
    static final Duration STALL = Duration.ofMillis(2_500);
    /** How long a worker waits for a lock before trying another round. */
    static final Duration ACQUIRE_WAIT = Duration.ofSeconds(2);
    /** Time a worker spends between its read and its write. */
    static final long THINK_MILLIS = 2;
    /** Time a worker rests between rounds, so a 2-core machine stays responsive. */
    static final long REST_MILLIS = 3;

    private DemoSettings() {
    }

    /** Members the demo's cluster has. */
    static final int MEMBERS = 3;
    /** How long the demo waits for its members to find each other before it refuses to run. */
    static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Members of the demo: short minimum TTL and grace, so short leases work and reclaims are quick;
     * {@value #MEMBERS} expected members, so each waits for the others and the maps have majority
     * split-brain protection; the demo owns its members, so they carry Leasehold's Java-serialization
     * filter.
     */
    static MemberSettings members() {
        return members(MEMBERS);
    }

    /** The demo's member settings for a cluster of {@code expected} members. */
    static MemberSettings members(int expected) {
        return MemberSettings.builder()
                .expectedMembers(expected)
                .minTtl(Duration.ofMillis(100))
                .promotionGrace(Duration.ofMillis(500))
                .reconcileInterval(Duration.ofSeconds(1))
                .javaSerializationFilter(true)
                .build();
    }

    static LeaseholdSettings workers(long sessionTtlMillis) {
        return LeaseholdSettings.builder().sessionTtl(Duration.ofMillis(sessionTtlMillis)).build();
    }
}
