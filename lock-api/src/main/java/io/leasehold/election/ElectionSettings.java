package io.leasehold.election;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Settings of one candidate in an election. Built with {@link #builder(String, String)}; each
 * setting may be given once and is checked when given, and {@link Builder#build()} checks that
 * {@code leaseDuration > renewDeadline > 1.2 × retryPeriod > 0}.
 *
 * <ul>
 *   <li><b>leaseDuration</b> (default 15 s): the TTL of the candidate's lease. A leader that dies is
 *       followed by another within about this long (plus the members' revoke lag).</li>
 *   <li><b>renewDeadline</b> (default 10 s): a leader that has had no renewal confirmed for this long
 *       stops leading. The gap to the lease duration is the margin that keeps terms from overlapping
 *       when clocks run at slightly different rates.</li>
 *   <li><b>retryPeriod</b> (default 2 s): how often the leader renews, and how long a follower waits
 *       in the lock's queue before it renews its own lease and waits again.</li>
 * </ul>
 */
public final class ElectionSettings {

    /** {@code renewDeadline} must exceed {@code retryPeriod} by this factor, to leave room for a retry. */
    public static final double JITTER_FACTOR = 1.2;

    private final String name;
    private final String identity;
    private final Duration leaseDuration;
    private final Duration renewDeadline;
    private final Duration retryPeriod;
    private final boolean releaseOnCancel;
    private final LongSupplier nanoClock;

    private ElectionSettings(Builder b) {
        this.name = b.name;
        this.identity = b.identity;
        this.leaseDuration = b.leaseDuration;
        this.renewDeadline = b.renewDeadline;
        this.retryPeriod = b.retryPeriod;
        this.releaseOnCancel = b.releaseOnCancel;
        this.nanoClock = b.nanoClock;
    }

    /**
     * A builder for a candidate called {@code identity} in the election called {@code name}.
     *
     * @throws NullPointerException     if either is null
     * @throws IllegalArgumentException if either is blank
     */
    public static Builder builder(String name, String identity) {
        String election = text("election name", null, name);
        return new Builder(election, text("identity", election, identity));
    }

    /** The election's name; candidates with the same name compete. */
    public String name() {
        return name;
    }

    /** This candidate's identity, as other candidates will see it. */
    public String identity() {
        return identity;
    }

    public Duration leaseDuration() {
        return leaseDuration;
    }

    public Duration renewDeadline() {
        return renewDeadline;
    }

    public Duration retryPeriod() {
        return retryPeriod;
    }

    /** Whether closing a leading candidate revokes its lease, handing leadership over at once. Default false. */
    public boolean releaseOnCancel() {
        return releaseOnCancel;
    }

    /** The local monotonic clock in nanoseconds. Default {@code System::nanoTime}. */
    public LongSupplier nanoClock() {
        return nanoClock;
    }

    @Override
    public String toString() {
        return "ElectionSettings{name='" + name + "', identity='" + identity + "', leaseDuration=" + leaseDuration
                + ", renewDeadline=" + renewDeadline + ", retryPeriod=" + retryPeriod
                + ", releaseOnCancel=" + releaseOnCancel + '}';
    }

    /** Checks a name; {@code election} is the election's name once it is known, for the message. */
    private static String text(String setting, String election, String value) {
        String where = election == null ? "" : "election '" + election + "': ";
        Objects.requireNonNull(value, () -> where + setting + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(where + setting + " must not be blank, got '" + value + "'");
        }
        return value;
    }

    /** Builds {@link ElectionSettings}. */
    public static final class Builder {
        private final Set<String> given = new HashSet<>();
        private final String name;
        private final String identity;
        private Duration leaseDuration = Duration.ofSeconds(15);
        private Duration renewDeadline = Duration.ofSeconds(10);
        private Duration retryPeriod = Duration.ofSeconds(2);
        private boolean releaseOnCancel;
        private LongSupplier nanoClock = System::nanoTime;

        private Builder(String name, String identity) {
            this.name = name;
            this.identity = identity;
        }

        /** The TTL of the candidate's lease; at least 1 ms. */
        public Builder leaseDuration(Duration value) {
            leaseDuration = positive("leaseDuration", value);
            if (value.toMillis() < 1) {
                throw new IllegalArgumentException(where() + "leaseDuration must be at least 1 ms, got " + value);
            }
            return this;
        }

        public Builder renewDeadline(Duration value) {
            renewDeadline = positive("renewDeadline", value);
            return this;
        }

        public Builder retryPeriod(Duration value) {
            retryPeriod = positive("retryPeriod", value);
            return this;
        }

        public Builder releaseOnCancel(boolean value) {
            once("releaseOnCancel");
            releaseOnCancel = value;
            return this;
        }

        public Builder nanoClock(LongSupplier value) {
            once("nanoClock");
            nanoClock = Objects.requireNonNull(value, () -> where() + "nanoClock must not be null");
            return this;
        }

        /**
         * @throws IllegalArgumentException unless {@code leaseDuration > renewDeadline > 1.2 × retryPeriod}
         */
        public ElectionSettings build() {
            if (leaseDuration.compareTo(renewDeadline) <= 0) {
                throw new IllegalArgumentException(where() + "leaseDuration (" + leaseDuration
                        + ") must be greater than renewDeadline (" + renewDeadline + ")");
            }
            Duration minimum = retryPeriod.multipliedBy(6).dividedBy(5);
            if (renewDeadline.compareTo(minimum) <= 0) {
                throw new IllegalArgumentException(where() + "renewDeadline (" + renewDeadline
                        + ") must be greater than " + JITTER_FACTOR + " × retryPeriod (" + retryPeriod + "), that is "
                        + minimum);
            }
            return new ElectionSettings(this);
        }

        private Duration positive(String setting, Duration value) {
            once(setting);
            Objects.requireNonNull(value, () -> where() + setting + " must not be null");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(where() + setting + " must be positive, got " + value);
            }
            return value;
        }

        private void once(String setting) {
            if (!given.add(setting)) {
                throw new IllegalStateException(where() + setting + " was already set");
            }
        }

        /** How messages name the candidate: its election and identity. */
        private String where() {
            return "election '" + name + "', candidate '" + identity + "': ";
        }
    }
}
