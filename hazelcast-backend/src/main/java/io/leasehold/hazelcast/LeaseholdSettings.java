package io.leasehold.hazelcast;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Settings of a {@code Leasehold} instance (the holder's side). Built with {@link #builder()}; each
 * setting may be given once and is checked when given.
 */
public final class LeaseholdSettings {

    private final Duration sessionTtl;
    private final double safetyMargin;
    private final Duration maxTtl;
    private final int maxNameLength;
    private final LongSupplier nanoClock;
    private final String holderName;

    private LeaseholdSettings(Builder b) {
        this.sessionTtl = b.sessionTtl;
        this.safetyMargin = b.safetyMargin;
        this.maxTtl = b.maxTtl;
        this.maxNameLength = b.maxNameLength;
        this.nanoClock = b.nanoClock;
        this.holderName = b.holderName == null ? processId() : b.holderName + " (" + processId() + ")";
    }

    public static LeaseholdSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** TTL of the session lease. Default 10 s; kept alive every third of it. */
    public Duration sessionTtl() {
        return sessionTtl;
    }

    /**
     * The fraction of a lease's TTL the holder takes off its own validity, to allow for clock drift
     * (never less than 1% of the TTL plus 2 ms: the clocks' rate difference and the timer's
     * resolution; message delay needs nothing, since validity counts from the send). Default 0.1.
     */
    public double safetyMargin() {
        return safetyMargin;
    }

    /** TTLs above this are refused before anything is sent. Default 1 day (keep it at the members' maximum). */
    public Duration maxTtl() {
        return maxTtl;
    }

    /** Longest lock name accepted. Default 256 characters. */
    public int maxNameLength() {
        return maxNameLength;
    }

    /** The local monotonic clock in nanoseconds. Default {@code System::nanoTime}. */
    public LongSupplier nanoClock() {
        return nanoClock;
    }

    /**
     * How operators see this instance as the holder of its leases and locks (the admin listings'
     * {@code HOLDER}): the name given to {@link Builder#holderName}, followed by {@code (pid@host)}; by
     * default {@code pid@host} alone.
     */
    public String holderName() {
        return holderName;
    }

    /** This process as operators find it: {@code pid@host}. */
    static String processId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException | RuntimeException e) {
                host = "localhost";
            }
        }
        return ProcessHandle.current().pid() + "@" + host;
    }

    /** Builds {@link LeaseholdSettings}. */
    public static final class Builder {
        private final Set<String> given = new HashSet<>();
        private Duration sessionTtl = Duration.ofSeconds(10);
        private double safetyMargin = 0.1;
        private Duration maxTtl = Duration.ofDays(1);
        private int maxNameLength = 256;
        private LongSupplier nanoClock = System::nanoTime;
        private String holderName;

        private Builder() {
        }

        public Builder sessionTtl(Duration value) {
            once("sessionTtl");
            Objects.requireNonNull(value, "sessionTtl");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("sessionTtl must be positive, got " + value);
            }
            sessionTtl = value;
            return this;
        }

        public Builder safetyMargin(double value) {
            once("safetyMargin");
            if (!(value >= 0 && value < 0.5)) {
                throw new IllegalArgumentException("safetyMargin must be in [0, 0.5), got " + value);
            }
            safetyMargin = value;
            return this;
        }

        public Builder maxTtl(Duration value) {
            once("maxTtl");
            Objects.requireNonNull(value, "maxTtl");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("maxTtl must be positive, got " + value);
            }
            maxTtl = value;
            return this;
        }

        public Builder maxNameLength(int value) {
            once("maxNameLength");
            if (value <= 0 || value > 65_536) {
                throw new IllegalArgumentException("maxNameLength must be in 1..65536, got " + value);
            }
            maxNameLength = value;
            return this;
        }

        public Builder nanoClock(LongSupplier value) {
            once("nanoClock");
            nanoClock = Objects.requireNonNull(value, "nanoClock");
            return this;
        }

        /**
         * A name for this instance that operators recognise, such as the service and its role
         * ({@code "billing-api"}); admin listings show it with the process, {@code billing-api (4242@web-3)}.
         * 1 to 100 printable characters.
         */
        public Builder holderName(String value) {
            once("holderName");
            Objects.requireNonNull(value, "holderName");
            if (value.isBlank() || value.length() > 100 || !value.chars().allMatch(c -> c >= 0x20 && c != 0x7f)) {
                throw new IllegalArgumentException("holderName must be 1 to 100 printable characters, not blank, got '"
                        + value + "'");
            }
            holderName = value.strip();
            return this;
        }

        public LeaseholdSettings build() {
            if (sessionTtl.compareTo(maxTtl) > 0) {
                throw new IllegalArgumentException("sessionTtl (" + sessionTtl + ") must not exceed maxTtl (" + maxTtl + ")");
            }
            return new LeaseholdSettings(this);
        }

        private void once(String name) {
            if (!given.add(name)) {
                throw new IllegalStateException(name + " was already set");
            }
        }
    }
}
