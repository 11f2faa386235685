package io.leasehold.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of one lock: acquisitions, the fences handed out (checked to only grow), and the
 * reclaim of a lock whose holder died.
 *
 * <p>Fences are shown as hold numbers ({@link #ref}): the first fence of this lock seen in the run is
 * {@code #1}, the next one {@code #2}, and so on. A raw fence is cluster time times 1024, sixteen digits
 * whose differences are times, not counts; the JSON keeps the raw values.
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
    /** The fences acquired, in increasing order: a fence's hold number is its place here. */
    private long[] fences = new long[64];
    private int fenceCount;
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
        if (fence > lastFence) {
            if (fenceCount == fences.length) {
                fences = java.util.Arrays.copyOf(fences, fences.length * 2);
            }
            fences[fenceCount++] = fence;
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
     * A fence as events show it, {@code lock-0#42}: its hold number, the place of the fence among the
     * fences of this lock acquired in the run (the first is 1); a fence not acquired (yet) gets the number
     * after the ones below it. The full value is kept.
     */
    synchronized EventLog.FenceRef ref(long fence) {
        int i = java.util.Arrays.binarySearch(fences, 0, fenceCount, fence);
        long number = i >= 0 ? i + 1 : -i;
        return new EventLog.FenceRef(name, fence, number);
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
