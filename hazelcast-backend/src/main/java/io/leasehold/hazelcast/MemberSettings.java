package io.leasehold.hazelcast;

import com.hazelcast.map.MapStoreFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

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
    private final boolean splitBrainProtection;
    private final int expectedMembers;
    private final boolean javaSerializationFilter;
    private final MemberTime time;
    private final MapStoreFactory<?, ?> persistence;

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
        this.splitBrainProtection = b.splitBrainProtection;
        this.expectedMembers = b.expectedMembers;
        this.javaSerializationFilter = b.javaSerializationFilter;
        this.time = b.time;
        this.persistence = b.persistence;
    }

    public static MemberSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Prefix of the member settings in a Hazelcast configuration's properties. */
    public static final String PROPERTY_PREFIX = "leasehold.";

    /**
     * The names of the member settings as properties of a Hazelcast configuration (hazelcast.xml /
     * hazelcast.yaml {@code properties}), e.g. {@code leasehold.expected-members: 3}.
     */
    public static final List<String> PROPERTY_NAMES = List.of(
            "leasehold.min-ttl-ms", "leasehold.max-ttl-ms", "leasehold.backup-count",
            "leasehold.revoke-rate", "leasehold.revoke-batch-size", "leasehold.promotion-grace-ms",
            "leasehold.reconcile-interval-ms", "leasehold.split-brain-quorum",
            "leasehold.split-brain-protection", "leasehold.expected-members",
            MemberSettingsReader.URL, MemberSettingsReader.USER, MemberSettingsReader.PASSWORD);

    /**
     * Member settings read from properties named in {@link #PROPERTY_NAMES} (other {@code leasehold.}
     * names are refused, so a typo is not silently ignored; properties outside the prefix are
     * ignored). Missing names keep their defaults.
     *
     * @throws IllegalArgumentException naming the property and what was wrong with its value
     */
    public static MemberSettings fromProperties(Properties properties) {
        return MemberSettingsReader.read(properties);
    }

    /**
     * The shortest TTL granted: a shorter one is refused (an {@code IllegalArgumentException} naming
     * it), never lengthened. Default 1 ms, for ShedLock's few-millisecond {@code lockAtMostFor}. The
     * trade: a lease shorter than the round trip plus the holder's margin is held on the cluster but
     * never valid on its holder, and each lease that runs out costs a revoke ({@code revokeRatePerSecond}).
     */
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

    /**
     * Extra time given to leases a member takes over before it revokes them. Default 2 s. Keep every
     * lease/session TTL above the failure-detection time plus this grace
     * ({@code TTL > hazelcast.max.no.heartbeat.seconds + promotionGrace}; 5 s + 2 s with the local
     * configurations, against a 10 s default session TTL): a member that dies silently is only
     * replaced after detection, and until then the leases it owned cannot be renewed.
     */
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
     * Split-brain protection as given: the fewest members a side of a split must see to grant,
     * renew, acquire or release; 0 (the default) means "not given": then a majority of
     * {@link #expectedMembers()} applies when that is 3 or more (see {@link #effectiveSplitBrainQuorum()}).
     */
    public int splitBrainQuorum() {
        return splitBrainQuorum;
    }

    /** False when split-brain protection was turned off with {@link Builder#splitBrainProtection(boolean)}. */
    public boolean splitBrainProtection() {
        return splitBrainProtection;
    }

    /**
     * The number of members the cluster is meant to have, or 0 (the default) when not given. When
     * given, a member does not finish starting (and serves nothing) until that many members have
     * joined ({@code hazelcast.initial.min.cluster.size}), and with 3 or more the maps get
     * majority split-brain protection unless it is turned off.
     */
    public int expectedMembers() {
        return expectedMembers;
    }

    /**
     * Whether {@link LeaseholdConfig#apply(com.hazelcast.config.Config, MemberSettings)} sets
     * Leasehold's Java-serialization filter on the member (see {@link LeaseholdConfig#applyWireFilter}).
     * Default false: the member's serialization policy is its owner's.
     */
    public boolean javaSerializationFilter() {
        return javaSerializationFilter;
    }

    /**
     * The split-brain quorum the maps get: 0 when protection is off; else the quorum given; else
     * a majority of {@link #expectedMembers()} ({@code n / 2 + 1}) when that is 3 or more; else 0.
     */
    public int effectiveSplitBrainQuorum() {
        if (!splitBrainProtection) {
            return 0;
        }
        if (splitBrainQuorum > 0) {
            return splitBrainQuorum;
        }
        return expectedMembers >= 3 ? expectedMembers / 2 + 1 : 0;
    }

    /** The clocks the members decide with; never null (default {@link MemberTime#cluster()}). */
    public MemberTime time() {
        return time;
    }

    /**
     * Where the leases, lock records and hold records are kept besides memory, or null (the default):
     * in memory only. See {@link Builder#persistence}.
     */
    public MapStoreFactory<?, ?> persistence() {
        return persistence;
    }

    /** Builds {@link MemberSettings}; every setting is checked when given and may be given once. */
    public static final class Builder {
        private final Set<String> given = new HashSet<>();
        private Duration minTtl = Duration.ofMillis(1);
        private Duration maxTtl = Duration.ofDays(1);
        private int backupCount = 1;
        private int revokeRatePerSecond = 100_000;
        private int revokeBatchSize = 1_000;
        private Duration promotionGrace = Duration.ofSeconds(2);
        private Duration reconcileInterval = Duration.ofSeconds(5);
        private Duration revokerTick = Duration.ofMillis(50);
        private int splitBrainQuorum;
        private boolean splitBrainProtection = true;
        private int expectedMembers;
        private boolean javaSerializationFilter;
        private MemberTime time = MemberTime.cluster();
        private MapStoreFactory<?, ?> persistence;

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

        /**
         * Turns split-brain protection on (the default) or off. Off, both sides of a network split
         * keep granting and taking locks; the merge after the heal then keeps one holder per lock
         * and a fence above both sides' (see README, "Split brain"), but each side's holders
         * believed they held the lock at the same time. Leave it on unless the cluster has fewer
         * than 3 members.
         */
        public Builder splitBrainProtection(boolean value) {
            once("splitBrainProtection");
            splitBrainProtection = value;
            return this;
        }

        /**
         * The number of members the cluster is meant to have (at least 1). A member then waits for
         * that many members before it serves, and with 3 or more the maps get majority split-brain
         * protection unless turned off.
         */
        public Builder expectedMembers(int value) {
            once("expectedMembers");
            if (value < 1 || value > 1_000) {
                throw new IllegalArgumentException("expectedMembers must be between 1 and 1000, got " + value);
            }
            expectedMembers = value;
            return this;
        }

        /**
         * Sets Leasehold's Java-serialization filter on the member, merged with one its configuration
         * already has (see {@link LeaseholdConfig#applyWireFilter}): for members that Leasehold owns,
         * such as a standalone server. It admits Hazelcast's and Leasehold's classes and every
         * exception, and refuses every other Java-serialized class, a user's own {@code Serializable}
         * map values included. Default false.
         */
        public Builder javaSerializationFilter(boolean value) {
            once("javaSerializationFilter");
            javaSerializationFilter = value;
            return this;
        }

        /**
         * The clocks the members decide with (tests and benchmarks that move time by hand, or step the
         * wall clock); default {@link MemberTime#cluster()}.
         */
        public Builder time(MemberTime value) {
            once("time");
            time = Objects.requireNonNull(value, "time");
            return this;
        }

        /**
         * Keeps Leasehold's leases, lock records and hold records in a store as well as in memory, so they
         * survive a restart of the whole cluster: {@link LeaseholdConfig#apply} gives those three maps (and
         * no other) a write-through {@code MapStore} from this factory, loaded eagerly when the cluster
         * starts. The {@code leasehold-persistence} module provides one for an H2 file or PostgreSQL.
         */
        public Builder persistence(MapStoreFactory<?, ?> value) {
            once("persistence");
            persistence = Objects.requireNonNull(value, "persistence");
            return this;
        }

        public MemberSettings build() {
            if (maxTtl.compareTo(minTtl) < 0) {
                throw new IllegalArgumentException("maxTtl (" + maxTtl + ") must not be below minTtl (" + minTtl + ")");
            }
            if (splitBrainQuorum > 0 && !splitBrainProtection) {
                throw new IllegalArgumentException("splitBrainQuorum (" + splitBrainQuorum
                        + ") was given but splitBrainProtection is off: give one or the other");
            }
            if (splitBrainQuorum > 0 && expectedMembers > 0 && splitBrainQuorum > expectedMembers) {
                throw new IllegalArgumentException("splitBrainQuorum (" + splitBrainQuorum
                        + ") is above expectedMembers (" + expectedMembers + "): no side could ever serve");
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
