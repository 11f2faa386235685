package io.leasehold.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one lock: acquisitions, the fences handed out (checked to only grow), and the
 * reclaim of a lock whose holder died.
 *
 * <p>Fences are shown relative to the first one seen in the run ({@link #ref}): a raw fence is
 * cluster time times 1024, sixteen digits that differ only at the end.
 *
 * <p>A reclaim is measured from the moment the holder died to the first acquisition with a higher
 * fence, whoever makes it: that is the time the lock stayed unusable without anyone's help.
 */
final class LockStats {

    /** A holder that died with this lock held. */
    record Death(String who, long fence, long atNanos) {
    }

    /** A finished reclaim; {@code diedAtNanos} is when the dead holder took the lock. */
    record Reclaim(String deadHolder, String newHolder, long deadFence, long newFence, long millis, long diedAtNanos) {
    }

    /** A fence that was not above the last one seen: a broken claim. */
    record FenceViolation(String who, long fence, long after) {
    }

    final String name;
    final AtomicLong acquisitions = new AtomicLong();
    final AtomicLong refusedWrites = new AtomicLong();
    final AtomicLong letThroughWrites = new AtomicLong();
    private long firstFence = Long.MIN_VALUE;
    private long lastFence = Long.MIN_VALUE;
    private long base = Long.MIN_VALUE;
    private final List<FenceViolation> fenceViolations = new ArrayList<>();
    private Death pendingDeath;
    private final List<Reclaim> reclaims = new ArrayList<>();

    LockStats(String name) {
        this.name = name;
    }

    /**
     * Records an acquisition with its fence (0 for unfenced locks).
     *
     * @return the reclaim this acquisition completes, or null
     */
    synchronized Reclaim acquired(String who, long fence) {
        acquisitions.incrementAndGet();
        if (fence == 0) {
            return null;
        }
        if (lastFence != Long.MIN_VALUE && fence <= lastFence) {
            fenceViolations.add(new FenceViolation(who, fence, lastFence));
        }
        if (firstFence == Long.MIN_VALUE) {
            firstFence = fence;
        }
        if (base == Long.MIN_VALUE) {
            base = fence;
        }
        lastFence = Math.max(lastFence, fence);
        if (pendingDeath != null && fence > pendingDeath.fence()) {
            Reclaim r = new Reclaim(pendingDeath.who(), who, pendingDeath.fence(), fence,
                    (System.nanoTime() - pendingDeath.atNanos()) / 1_000_000, pendingDeath.atNanos());
            reclaims.add(r);
            pendingDeath = null;
            return r;
        }
        return null;
    }

    synchronized void died(Death death) {
        pendingDeath = death;
    }

    synchronized long firstFence() {
        return firstFence;
    }

    synchronized long lastFence() {
        return lastFence;
    }

    /**
     * A fence as events show it, {@code lock-0#1234}: relative to the first fence of this lock seen
     * in the run (the first one shown, if none was acquired yet), the full value kept.
     */
    synchronized EventLog.FenceRef ref(long fence) {
        if (base == Long.MIN_VALUE) {
            base = fence;
        }
        return new EventLog.FenceRef(name, fence, fence - base);
    }

    synchronized List<FenceViolation> fenceViolations() {
        return List.copyOf(fenceViolations);
    }

    synchronized List<Reclaim> reclaims() {
        return List.copyOf(reclaims);
    }

    synchronized boolean awaitingReclaim() {
        return pendingDeath != null;
    }

    /** The death not reclaimed yet, or null. */
    synchronized Death pendingDeath() {
        return pendingDeath;
    }
}
