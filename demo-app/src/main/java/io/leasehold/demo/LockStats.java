package io.leasehold.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one lock: acquisitions, the fences handed out (checked to only grow), and the
 * reclaim of a lock whose holder died.
 *
 * <p>A reclaim is measured from the moment the holder died to the first acquisition with a higher
 * fence, whoever makes it: that is the time the lock stayed unusable without anyone's help.
 */
final class LockStats {

    /** A holder that died with this lock held. */
    record Death(String who, long fence, long atNanos) {
    }

    /** A finished reclaim. */
    record Reclaim(String deadHolder, String newHolder, long deadFence, long newFence, long millis) {
    }

    final String name;
    final AtomicLong acquisitions = new AtomicLong();
    final AtomicLong refusedWrites = new AtomicLong();
    final AtomicLong letThroughWrites = new AtomicLong();
    private long firstFence = Long.MIN_VALUE;
    private long lastFence = Long.MIN_VALUE;
    private final List<String> fenceViolations = new ArrayList<>();
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
            fenceViolations.add("fence " + fence + " after " + lastFence + " (" + who + ")");
        }
        if (firstFence == Long.MIN_VALUE) {
            firstFence = fence;
        }
        lastFence = Math.max(lastFence, fence);
        if (pendingDeath != null && fence > pendingDeath.fence()) {
            Reclaim r = new Reclaim(pendingDeath.who(), who, pendingDeath.fence(), fence,
                    (System.nanoTime() - pendingDeath.atNanos()) / 1_000_000);
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

    synchronized List<String> fenceViolations() {
        return List.copyOf(fenceViolations);
    }

    synchronized List<Reclaim> reclaims() {
        return List.copyOf(reclaims);
    }

    synchronized boolean awaitingReclaim() {
        return pendingDeath != null;
    }
}
