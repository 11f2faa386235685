package io.leasehold.hazelcast.internal.client;

import io.leasehold.LeaseException;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * What this {@code Leasehold} instance believes about one lease: until when it may assume the lease
 * is alive (local monotonic clock, counted from when the last confirmed renewal or read was
 * <em>sent</em>, minus the safety margin), and the holds riding on it.
 *
 * <p>A lease is either <b>kept alive</b> by this instance (the session lease, or a {@code keepAlive}
 * handle: it is renewed), or <b>watched</b> (a lease another process keeps alive, used here with
 * {@code tryLock(leaseId)}: it is read, and its validity follows the deadline the cluster reports,
 * however it got there).
 */
final class LocalLease {

    final long id;
    final long ttlMillis;
    final boolean session;
    final Set<Hold> holds = ConcurrentHashMap.newKeySet();
    private volatile long validUntilNanos;
    private volatile String lostReason;
    volatile boolean keepAlive;
    /**
     * Granted for one lock's {@code leaseTime}: kept alive only while its {@code tryLock} waits, then
     * held to its deadline, which the cluster enforces. Losing it locally tells the holder it may have
     * lost the lock, but frees nothing early.
     */
    volatile boolean ownLeaseTime;
    volatile long nextRenewNanos;
    /** The timer that declares the lease lost when its validity runs out; replaced on each confirmation. */
    volatile ScheduledFuture<?> expiryTimer;

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

    /** Validity learned from the cluster; it only ever moves forward. True if it moved. */
    boolean confirmedUntil(long untilNanos) {
        if (untilNanos - validUntilNanos > 0) {
            validUntilNanos = untilNanos;
            return true;
        }
        return false;
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
