package io.leasehold.demo;

import java.util.ArrayList;
import java.util.List;

/**
 * What the timeline picture ({@code --svg}) draws: every hold of every lock, from the acquire to the
 * unlock, and the marks of the trouble (a stall, a refused or let-through write, a death and its
 * reclaim, a lock-lost notice, a member kill), each on {@link System#nanoTime()}.
 *
 * <p>Holds are kept up to {@value #MAX_HOLDS} (a 30 s run makes about 15,000); past that they are
 * counted and left out of the picture, so a long run cannot eat the heap.
 */
final class Timeline {

    static final int MAX_HOLDS = 500_000;

    enum HoldKind {
        /** An ordinary round: lock, read, write, unlock. */
        NORMAL,
        /** A holder that paused past its lease's TTL: the span runs to its late write. */
        STALLED,
        /** A holder that died holding the lock: the span runs to the reclaim. */
        DIED
    }

    enum MarkKind { STALL, REFUSED, LET_THROUGH, LOCK_LOST, RECLAIM, KILL }

    record Hold(String lock, String holder, long startNanos, long endNanos, HoldKind kind) {
    }

    /** A mark; {@code lock} is null for a mark across all lanes (a member kill). */
    record Mark(MarkKind kind, String lock, long atNanos, String label) {
    }

    private final long startNanos;
    private final List<Hold> holds = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();
    private long droppedHolds;
    private long endNanos;

    Timeline(long startNanos) {
        this.startNanos = startNanos;
    }

    long startNanos() {
        return startNanos;
    }

    synchronized void hold(String lock, String holder, long startNanos, long endNanos, HoldKind kind) {
        if (holds.size() < MAX_HOLDS) {
            holds.add(new Hold(lock, holder, startNanos, endNanos, kind));
        } else {
            droppedHolds++;
        }
    }

    synchronized void mark(MarkKind kind, String lock, long atNanos, String label) {
        marks.add(new Mark(kind, lock, atNanos, label));
    }

    /** The end of the picture: when the run stopped. */
    synchronized void end(long nanos) {
        endNanos = nanos;
    }

    synchronized long endNanos() {
        return endNanos == 0 ? System.nanoTime() : endNanos;
    }

    synchronized List<Hold> holds() {
        return List.copyOf(holds);
    }

    synchronized List<Mark> marks() {
        return List.copyOf(marks);
    }

    synchronized long droppedHolds() {
        return droppedHolds;
    }
}
