package io.leasehold.hazelcast.internal.core;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Argument checks: each failure says what was wrong and with what. Nothing is sent before they pass. */
public final class Checks {

    private Checks() {
    }

    public static String lockName(String name, int maxLength) {
        Objects.requireNonNull(name, "lock name must not be null");
        if (name.isBlank()) {
            throw new IllegalArgumentException("lock name must not be blank, got '" + name + "'");
        }
        if (name.length() > maxLength) {
            throw new IllegalArgumentException("lock name '" + name.substring(0, Math.min(32, maxLength))
                    + "...' is " + name.length() + " characters long; the limit is " + maxLength);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                // Hazelcast's UTF-8 would turn a lone surrogate into '?', so two names would share a lock.
                throw new IllegalArgumentException("lock name has a lone UTF-16 surrogate (\\u"
                        + Integer.toHexString(c) + ") at index " + i + ": it is not valid Unicode text");
            }
        }
        return name;
    }

    public static List<String> keys(Collection<String> keys, int maxLength) {
        Objects.requireNonNull(keys, "keys must not be null");
        for (String key : keys) {
            lockName(key, maxLength);
        }
        return List.copyOf(keys);
    }

    public static long ttlMillis(Duration ttl, Duration max) {
        Objects.requireNonNull(ttl, "ttl must not be null");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl must be positive, got " + ttl);
        }
        if (ttl.compareTo(max) > 0) {
            throw new IllegalArgumentException("ttl " + ttl + " exceeds the maximum " + max);
        }
        // Below a millisecond rounds up to one; the members refuse a TTL below their minimum.
        return Math.max(1, ttl.toMillis());
    }

    public static long waitMillis(Duration wait) {
        Objects.requireNonNull(wait, "wait must not be null");
        if (wait.isNegative()) {
            throw new IllegalArgumentException("wait must not be negative, got " + wait);
        }
        try {
            return wait.toMillis();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** {@link #waitMillis(Duration)} for a call on {@code what} (a named lock, semaphore...), named in the error. */
    public static long waitMillis(Duration wait, String what) {
        Objects.requireNonNull(wait, () -> what + ": wait must not be null");
        if (wait.isNegative()) {
            throw new IllegalArgumentException(what + ": wait must not be negative, got " + wait + "; nothing was sent");
        }
        return waitMillis(wait);
    }

    /** {@link #leaseId(long)} for a view of {@code what} on that lease, named in the error. */
    public static long leaseId(long leaseId, String what) {
        if (leaseId == 0) {
            throw new IllegalArgumentException(what + ": lease id 0 is not a lease id (ids are never 0)");
        }
        return leaseId;
    }

    public static long leaseId(long leaseId) {
        if (leaseId == 0) {
            throw new IllegalArgumentException("lease id 0 is not a lease id (ids are never 0)");
        }
        return leaseId;
    }
}
