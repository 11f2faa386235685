package io.leasehold.boot;

import io.leasehold.hazelcast.LeaseholdSettings;
import io.leasehold.hazelcast.MemberSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code leasehold.*} properties. A property left unset keeps the backend's default (named in
 * each description); a value the backend refuses stops the application with an error that names the
 * property and what was wrong.
 */
@ConfigurationProperties("leasehold")
public class LeaseholdProperties {

    /** TTL of the Leasehold instance's session lease, kept alive every third of it. Default 10s. */
    private Duration sessionTtl;

    /**
     * Fraction of a lease's TTL the holder takes off its own view of validity, in [0, 0.5). Default 0.1.
     */
    private Double safetyMargin;

    /** TTLs above this are refused by the instance before anything is sent. Default 1d. */
    private Duration maxTtl;

    /** Longest lock name the instance accepts. Default 256. */
    private Integer maxNameLength;

    /**
     * How operators see this application as a holder (admin listings), followed by (pid@host). Default
     * spring.application.name when set, else pid@host alone.
     */
    private String holderName;

    /** Settings of a member that Spring Boot builds (from hazelcast.yaml or a Config bean). */
    private final Member member = new Member();

    /** The Spring Integration lock registry. */
    private final Prefixed springIntegration = new Prefixed();

    /** The ShedLock lock provider. */
    private final Prefixed shedlock = new Prefixed();

    /** The Micrometer meters. */
    private final Metrics metrics = new Metrics();

    /**
     * The settings of the application's Leasehold instance; {@code applicationName} is the holder name
     * when none is given (may be null).
     *
     * @throws IllegalArgumentException naming the property whose value was refused
     */
    public LeaseholdSettings toSettings(String applicationName) {
        LeaseholdSettings.Builder b = LeaseholdSettings.builder();
        Checked.set("leasehold.session-ttl", sessionTtl, b::sessionTtl);
        Checked.set("leasehold.safety-margin", safetyMargin, b::safetyMargin);
        Checked.set("leasehold.max-ttl", maxTtl, b::maxTtl);
        Checked.set("leasehold.max-name-length", maxNameLength, b::maxNameLength);
        String holder = holderName != null ? holderName
                : applicationName != null && !applicationName.isBlank() ? applicationName : null;
        Checked.set(holderName != null ? "leasehold.holder-name" : "spring.application.name", holder, b::holderName);
        return Checked.build("leasehold.session-ttl, leasehold.max-ttl", b::build);
    }

    public Duration getSessionTtl() {
        return sessionTtl;
    }

    public void setSessionTtl(Duration sessionTtl) {
        this.sessionTtl = sessionTtl;
    }

    public Double getSafetyMargin() {
        return safetyMargin;
    }

    public void setSafetyMargin(Double safetyMargin) {
        this.safetyMargin = safetyMargin;
    }

    public Duration getMaxTtl() {
        return maxTtl;
    }

    public void setMaxTtl(Duration maxTtl) {
        this.maxTtl = maxTtl;
    }

    public Integer getMaxNameLength() {
        return maxNameLength;
    }

    public void setMaxNameLength(Integer maxNameLength) {
        this.maxNameLength = maxNameLength;
    }

    public String getHolderName() {
        return holderName;
    }

    public void setHolderName(String holderName) {
        this.holderName = holderName;
    }

    public Member getMember() {
        return member;
    }

    public Prefixed getSpringIntegration() {
        return springIntegration;
    }

    public Prefixed getShedlock() {
        return shedlock;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    /**
     * Settings of a member Spring Boot builds; they do not reach a member the application starts itself
     * (apply {@code LeaseholdConfig.apply(config, settings)} to its Config). Keep them the same on every
     * member of a cluster.
     */
    public static class Member {

        /** The shortest lease TTL the members grant; shorter ones are refused. Default 1ms. */
        private Duration minTtl;

        /** The longest lease TTL the members grant. Default 1d. */
        private Duration maxTtl;

        /** Synchronous backups of Leasehold's maps. Default 1. */
        private Integer backupCount;

        /** Revocations per second per member, at most. Default 100000. */
        private Integer revokeRate;

        /** Leases revoked in one batched request. Default 1000. */
        private Integer revokeBatchSize;

        /** Extra time given to leases a member takes over before it revokes them. Default 2s. */
        private Duration promotionGrace;

        /** How often a member checks that every lease it owns is in its expiry heap. Default 5s. */
        private Duration reconcileInterval;

        /**
         * The fewest members a side of a split must see to grant, renew, acquire or release. Default:
         * a majority of expected-members when that is 3 or more, else none.
         */
        private Integer splitBrainQuorum;

        /** Split-brain protection on or off. Default true. */
        private Boolean splitBrainProtection;

        /** The number of members the cluster is meant to have; a member waits for them before it serves. */
        private Integer expectedMembers;

        /**
         * Leasehold's Java-serialization filter on the member, which refuses the application's own
         * Serializable map values too. Default false.
         */
        private Boolean javaSerializationFilter;

        /**
         * The member settings these properties give.
         *
         * @throws IllegalArgumentException naming the property whose value was refused
         */
        public MemberSettings toSettings() {
            MemberSettings.Builder b = MemberSettings.builder();
            Checked.set("leasehold.member.min-ttl", minTtl, b::minTtl);
            Checked.set("leasehold.member.max-ttl", maxTtl, b::maxTtl);
            Checked.set("leasehold.member.backup-count", backupCount, b::backupCount);
            Checked.set("leasehold.member.revoke-rate", revokeRate, b::revokeRatePerSecond);
            Checked.set("leasehold.member.revoke-batch-size", revokeBatchSize, b::revokeBatchSize);
            Checked.set("leasehold.member.promotion-grace", promotionGrace, b::promotionGrace);
            Checked.set("leasehold.member.reconcile-interval", reconcileInterval, b::reconcileInterval);
            Checked.set("leasehold.member.split-brain-quorum", splitBrainQuorum, b::splitBrainQuorum);
            Checked.set("leasehold.member.split-brain-protection", splitBrainProtection, b::splitBrainProtection);
            Checked.set("leasehold.member.expected-members", expectedMembers, b::expectedMembers);
            Checked.set("leasehold.member.java-serialization-filter", javaSerializationFilter,
                    b::javaSerializationFilter);
            return Checked.build("leasehold.member.*", b::build);
        }

        public Duration getMinTtl() {
            return minTtl;
        }

        public void setMinTtl(Duration minTtl) {
            this.minTtl = minTtl;
        }

        public Duration getMaxTtl() {
            return maxTtl;
        }

        public void setMaxTtl(Duration maxTtl) {
            this.maxTtl = maxTtl;
        }

        public Integer getBackupCount() {
            return backupCount;
        }

        public void setBackupCount(Integer backupCount) {
            this.backupCount = backupCount;
        }

        public Integer getRevokeRate() {
            return revokeRate;
        }

        public void setRevokeRate(Integer revokeRate) {
            this.revokeRate = revokeRate;
        }

        public Integer getRevokeBatchSize() {
            return revokeBatchSize;
        }

        public void setRevokeBatchSize(Integer revokeBatchSize) {
            this.revokeBatchSize = revokeBatchSize;
        }

        public Duration getPromotionGrace() {
            return promotionGrace;
        }

        public void setPromotionGrace(Duration promotionGrace) {
            this.promotionGrace = promotionGrace;
        }

        public Duration getReconcileInterval() {
            return reconcileInterval;
        }

        public void setReconcileInterval(Duration reconcileInterval) {
            this.reconcileInterval = reconcileInterval;
        }

        public Integer getSplitBrainQuorum() {
            return splitBrainQuorum;
        }

        public void setSplitBrainQuorum(Integer splitBrainQuorum) {
            this.splitBrainQuorum = splitBrainQuorum;
        }

        public Boolean getSplitBrainProtection() {
            return splitBrainProtection;
        }

        public void setSplitBrainProtection(Boolean splitBrainProtection) {
            this.splitBrainProtection = splitBrainProtection;
        }

        public Integer getExpectedMembers() {
            return expectedMembers;
        }

        public void setExpectedMembers(Integer expectedMembers) {
            this.expectedMembers = expectedMembers;
        }

        public Boolean getJavaSerializationFilter() {
            return javaSerializationFilter;
        }

        public void setJavaSerializationFilter(Boolean javaSerializationFilter) {
            this.javaSerializationFilter = javaSerializationFilter;
        }
    }

    /** An adapter's lock names. */
    public static class Prefixed {

        /** Put before every lock name of this adapter, so several applications can share a cluster. Default none. */
        private String prefix = "";

        public String getPrefix() {
            return prefix;
        }

        public void setPrefix(String prefix) {
            this.prefix = prefix == null ? "" : prefix;
        }
    }

    /** The Micrometer meters. */
    public static class Metrics {

        /** Tags added to every Leasehold meter (member meters also carry "member", the instance name). */
        private final Map<String, String> tags = new LinkedHashMap<>();

        public Map<String, String> getTags() {
            return tags;
        }
    }
}
