package io.leasehold.demo;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * What happened during a run, one line per event, stamped with the seconds since the run began.
 * In plain mode lines are printed as they happen; the redrawn view shows the latest ones instead.
 */
final class EventLog {

    private static final int KEPT = 14;

    private final long startNanos;
    private final PrintStream out;
    private final boolean printAsTheyHappen;
    private final Deque<String> latest = new ArrayDeque<>();

    EventLog(long startNanos, PrintStream out, boolean printAsTheyHappen) {
        this.startNanos = startNanos;
        this.out = out;
        this.printAsTheyHappen = printAsTheyHappen;
    }

    /** Seconds since the run began. */
    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    void add(String format, Object... args) {
        String line = String.format(Locale.ROOT, "[%5.1fs] ", elapsedSeconds()) + String.format(Locale.ROOT, format, args);
        synchronized (this) {
            latest.addLast(line);
            if (latest.size() > KEPT) {
                latest.removeFirst();
            }
        }
        if (printAsTheyHappen) {
            synchronized (out) {
                out.println(line);
            }
        }
    }

    synchronized List<String> latest() {
        return new ArrayList<>(latest);
    }
}
