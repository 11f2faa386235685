package io.leasehold.hazelcast;

import io.leasehold.Leasehold;
import io.leasehold.hazelcast.internal.client.ClientMetrics;
import io.leasehold.hazelcast.internal.client.LeaseholdClient;

import java.util.Objects;

/**
 * Figures of one {@link Leasehold} instance made by {@link HazelcastLeasehold} (the Micrometer
 * binder {@code LeaseholdClientMetrics} reads these): its acquires, waits, holds, losses and
 * keep-alive round trips, and its semaphore permits and read-write holds. Counters count from the
 * instance's creation.
 */
public final class InstanceMetrics {

    /** A kind of semaphore or read-write hold, as the figures below count them. */
    public enum HoldKind {
        /** A semaphore's permits (one acquire or release call, whatever its count). */
        SEMAPHORE(ClientMetrics.SEMAPHORE, "semaphore"),
        /** A shared (read) hold of a read-write lock. */
        SHARED(ClientMetrics.SHARED, "shared"),
        /** An exclusive (write) hold of a read-write lock. */
        EXCLUSIVE(ClientMetrics.EXCLUSIVE, "exclusive");

        private final int index;
        private final String tag;

        HoldKind(int index, String tag) {
            this.index = index;
            this.tag = tag;
        }

        /** How meters name it: {@code semaphore}, {@code shared} or {@code exclusive}. */
        public String tag() {
            return tag;
        }
    }

    private final ClientMetrics metrics;
    private final LeaseholdClient instance;

    private InstanceMetrics(LeaseholdClient instance) {
        this.instance = instance;
        this.metrics = instance.metrics();
    }

    /**
     * The metrics of an instance.
     *
     * @throws IllegalArgumentException if the instance was not made by {@link HazelcastLeasehold}
     */
    public static InstanceMetrics of(Leasehold leasehold) {
        Objects.requireNonNull(leasehold, "leasehold");
        if (!(leasehold instanceof LeaseholdClient client)) {
            throw new IllegalArgumentException("not a Leasehold instance made by HazelcastLeasehold.create: "
                    + leasehold.getClass().getName());
        }
        return client.metrics().view(InstanceMetrics.class, () -> new InstanceMetrics(client));
    }

    /** Locks acquired (directly or by handoff), whose acquire time {@link #totalAcquireNanos} sums. */
    public long acquired() {
        return metrics.acquired();
    }

    /** Locks acquired after queueing (handed over by a release). */
    public long acquiredAfterWaiting() {
        return metrics.acquiredAfterWaiting();
    }

    /** Acquires that found the lock held and did not wait. */
    public long refused() {
        return metrics.refused();
    }

    /** Waits that ended without the lock, whose wait time {@link #totalWaitNanos} sums. */
    public long timedOut() {
        return metrics.timedOut();
    }

    public long totalAcquireNanos() {
        return metrics.totalAcquireNanos();
    }

    public long maxAcquireNanos() {
        return metrics.maxAcquireNanos();
    }

    public long totalWaitNanos() {
        return metrics.totalWaitNanos();
    }

    /** Holds unlocked (confirmed by the cluster), whose hold time {@link #totalHoldNanos} sums. */
    public long holdsEnded() {
        return metrics.holdsEnded();
    }

    public long totalHoldNanos() {
        return metrics.totalHoldNanos();
    }

    /** Holds this instance was told it may have lost (its lease lapsed, or an operator released it). */
    public long locksLost() {
        return metrics.locksLost();
    }

    /** Notices heard that an operator force-released a hold of this instance. */
    public long lostNotices() {
        return metrics.lostNotices();
    }

    /** Keep-alive requests answered. */
    public long keepAliveRoundTrips() {
        return metrics.keepAliveRoundTrips();
    }

    /** Keep-alive requests that failed. */
    public long keepAliveFailures() {
        return metrics.keepAliveFailures();
    }

    /** Holds and waiter entries still settling in the background. */
    public int pendingSettlements() {
        return instance.pendingSettlements();
    }

    /** Leases this instance tracks locally (kept alive, watched, or just granted). */
    public int knownLeases() {
        return instance.knownLeases();
    }

    /** Acquires of this kind that were granted (at once or after waiting). */
    public long holdsAcquired(HoldKind kind) {
        return metrics.holdsAcquired(kind.index);
    }

    /** Acquires of this kind that ended without a hold (refused at once, or the wait ran out). */
    public long holdsNotAcquired(HoldKind kind) {
        return metrics.holdsNotAcquired(kind.index);
    }

    /** Releases of this kind the cluster confirmed (semaphore release calls, read-write unlocks). */
    public long holdsReleased(HoldKind kind) {
        return metrics.holdsReleased(kind.index);
    }

    /** Semaphore permits acquired, summed over the granted acquires. */
    public long permitsAcquired() {
        return metrics.permitsAcquired();
    }

    /** Semaphore permits released (confirmed), summed over the release calls. */
    public long permitsReleased() {
        return metrics.permitsReleased();
    }
}
