package io.leasehold.hazelcast.internal;

import io.leasehold.LeaseException;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this {@code Leasehold} instance believes about one lease: until when it may assume the lease
 * is alive (local monotonic clock, counted from when the last confirmed renewal was <em>sent</em>,
 * minus the safety margin), which keys it has attached already, and the holds riding on it.
 */
final class LocalLease {

    final long id;
    final long ttlMillis;
    final boolean session;
    final Set<String> attached = ConcurrentHashMap.newKeySet();
    final Set<Hold> holds = ConcurrentHashMap.newKeySet();
    private volatile long validUntilNanos;
    private volatile String lostReason;
    volatile boolean keepAlive;
    volatile long nextRenewNanos;

    LocalLease(long id, long ttlMillis, boolean session, long validUntilNanos) {
        this.id = id;
        this.ttlMillis = ttlMillis;
        this.session = session;
        this.validUntilNanos = validUntilNanos;
    }

    boolean isValid(long nowNanos) {
        return lostReason == null && nowNanos - validUntilNanos < 0;
    }

    long validUntilNanos() {
        return validUntilNanos;
    }

    /** A renewal sent at {@code sentAtNanos} was confirmed; validity only ever moves forward. */
    void confirmed(long sentAtNanos, long ttl, long marginNanos) {
        long until = sentAtNanos + ttl * 1_000_000L - marginNanos;
        if (until - validUntilNanos > 0) {
            validUntilNanos = until;
        }
    }

    /** Validity learned from a read of the lease rather than a renewal. */
    void confirmedUntil(long untilNanos) {
        if (untilNanos - validUntilNanos > 0) {
            validUntilNanos = untilNanos;
        }
    }

    /** Marks the lease lost; true the first time. */
    synchronized boolean markLost(String reason) {
        if (lostReason != null) {
            return false;
        }
        lostReason = reason;
        return true;
    }

    String lostReason() {
        return lostReason;
    }

    String describe() {
        return LeaseException.format(id);
    }
}
