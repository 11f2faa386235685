package io.leasehold.hazelcast;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Member-side settings: TTL bounds, the revoker's pace, and the clock. Built with {@link #builder()};
 * each setting may be given once and is checked when given.
 */
public final class MemberSettings {

    private final Duration minTtl;
    private final Duration maxTtl;
    private final int backupCount;
    private final int revokeRatePerSecond;
    private final int revokeBatchSize;
    private final Duration promotionGrace;
    private final Duration reconcileInterval;
    private final Duration revokerTick;
    private final int splitBrainQuorum;
    private final LongSupplier clock;

    private MemberSettings(Builder b) {
        this.minTtl = b.minTtl;
        this.maxTtl = b.maxTtl;
        this.backupCount = b.backupCount;
        this.revokeRatePerSecond = b.revokeRatePerSecond;
        this.revokeBatchSize = b.revokeBatchSize;
        this.promotionGrace = b.promotionGrace;
        this.reconcileInterval = b.reconcileInterval;
        this.revokerTick = b.revokerTick;
        this.splitBrainQuorum = b.splitBrainQuorum;
        this.clock = b.clock;
    }

    public static MemberSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** TTLs below this are raised to it. Default 500 ms. */
    public Duration minTtl() {
        return minTtl;
    }

    /** TTLs above this are refused. Default 1 day. */
    public Duration maxTtl() {
        return maxTtl;
    }

    /** Synchronous backups of the leases and locks maps. Default 1. */
    public int backupCount() {
        return backupCount;
    }

    /** Revocations per second per member, at most. Default 100,000. */
    public int revokeRatePerSecond() {
        return revokeRatePerSecond;
    }

    /** Leases revoked in one batched request. Default 1,000. */
    public int revokeBatchSize() {
        return revokeBatchSize;
    }

    /** Extra time given to leases a member takes over before it revokes them. Default 2 s. */
    public Duration promotionGrace() {
        return promotionGrace;
    }

    /** How often a member checks that every lease it owns is in its expiry heap. Default 5 s. */
    public Duration reconcileInterval() {
        return reconcileInterval;
    }

    /** The longest the revoker sleeps between looks at its heap. Default 50 ms. */
    public Duration revokerTick() {
        return revokerTick;
    }

    /**
     * Split-brain protection: the fewest members a side of a split must see to grant, renew,
     * acquire or release; 0 (the default) turns it off. Set it to a majority of the cluster, e.g. 2
     * of 3.
     */
    public int splitBrainQuorum() {
        return splitBrainQuorum;
    }

    /** The member's clock in milliseconds, or null for Hazelcast's cluster time. */
    public LongSupplier clock() {
        return clock;
    }

    /** Builds {@link MemberSettings}; every setting is checked when given and may be given once. */
    public static final class Builder {
        private final Set<String> given = new HashSet<>();
        private Duration minTtl = Duration.ofMillis(500);
        private Duration maxTtl = Duration.ofDays(1);
        private int backupCount = 1;
        private int revokeRatePerSecond = 100_000;
        private int revokeBatchSize = 1_000;
        private Duration promotionGrace = Duration.ofSeconds(2);
        private Duration reconcileInterval = Duration.ofSeconds(5);
        private Duration revokerTick = Duration.ofMillis(50);
        private int splitBrainQuorum;
        private LongSupplier clock;

        private Builder() {
        }

        public Builder minTtl(Duration value) {
            minTtl = positive("minTtl", value);
            return this;
        }

        public Builder maxTtl(Duration value) {
            maxTtl = positive("maxTtl", value);
            return this;
        }

        public Builder backupCount(int value) {
            once("backupCount");
            if (value < 1 || value > 6) {
                throw new IllegalArgumentException("backupCount must be between 1 and 6, got " + value);
            }
            backupCount = value;
            return this;
        }

        public Builder revokeRatePerSecond(int value) {
            once("revokeRatePerSecond");
            if (value <= 0) {
                throw new IllegalArgumentException("revokeRatePerSecond must be positive, got " + value);
            }
            revokeRatePerSecond = value;
            return this;
        }

        public Builder revokeBatchSize(int value) {
            once("revokeBatchSize");
            if (value <= 0) {
                throw new IllegalArgumentException("revokeBatchSize must be positive, got " + value);
            }
            revokeBatchSize = value;
            return this;
        }

        public Builder promotionGrace(Duration value) {
            once("promotionGrace");
            Objects.requireNonNull(value, "promotionGrace");
            if (value.isNegative()) {
                throw new IllegalArgumentException("promotionGrace must not be negative, got " + value);
            }
            promotionGrace = value;
            return this;
        }

        public Builder reconcileInterval(Duration value) {
            reconcileInterval = positive("reconcileInterval", value);
            return this;
        }

        public Builder revokerTick(Duration value) {
            revokerTick = positive("revokerTick", value);
            return this;
        }

        public Builder splitBrainQuorum(int value) {
            once("splitBrainQuorum");
            if (value < 0 || value == 1) {
                throw new IllegalArgumentException("splitBrainQuorum must be 0 (off) or at least 2, got " + value);
            }
            splitBrainQuorum = value;
            return this;
        }

        /** A millisecond clock for the members' decisions (tests); default Hazelcast's cluster time. */
        public Builder clock(LongSupplier value) {
            once("clock");
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public MemberSettings build() {
            if (maxTtl.compareTo(minTtl) < 0) {
                throw new IllegalArgumentException("maxTtl (" + maxTtl + ") must not be below minTtl (" + minTtl + ")");
            }
            return new MemberSettings(this);
        }

        private Duration positive(String name, Duration value) {
            once(name);
            Objects.requireNonNull(value, name);
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
            return value;
        }

        private void once(String name) {
            if (!given.add(name)) {
                throw new IllegalStateException(name + " was already set");
            }
        }
    }
}
