package io.leasehold.demo;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What happened during a run, one line per event, stamped with the seconds since the run began.
 *
 * <p>Lines are shown folded: events of the same text within one refresh of the view (about a second)
 * become one line with a count, {@code x17}, instead of seventeen. They are shown when the view
 * refreshes ({@link #flush}): printed in plain mode, kept for the redrawn screen otherwise. Every
 * event is also recorded one by one, with its time, for the JSON summary (the first
 * {@value #RECORDED}; later ones are only counted).
 *
 * <p>A fence in an event's text is a {@link FenceRef}: shown short, as its hold number among the fences of
 * its lock in this run ({@code lock-0#42}), with the full value kept in the recorded event.
 */
final class EventLog {

    /** Folded lines the redrawn screen shows. */
    private static final int KEPT = 14;
    /** Events recorded for the JSON summary; a runaway loop of failures must not eat the heap. */
    static final int RECORDED = 5_000;
    private static final Pattern KIND = Pattern.compile("[A-Z]{3,}");

    /** A fence as events show it: short and comparable within one lock, the full value kept. */
    record FenceRef(String lock, long fence, long relative) {
        @Override
        public String toString() {
            return lock + "#" + relative;
        }
    }

    /**
     * One event as the JSON keeps it: seconds since the start, wall-clock time, its kind (the
     * leading capitalised word, such as {@code STALL} or {@code RECLAIM}, else {@code note}), its
     * text, and the full value of every fence its text shows short.
     */
    record Event(double atSeconds, String time, String kind, String text, Map<String, Long> fences) {
    }

    /** Events of one text within one window. */
    private static final class Fold {
        final double firstAt;
        final String text;
        double lastAt;
        int count = 1;

        Fold(double at, String text) {
            this.firstAt = at;
            this.lastAt = at;
            this.text = text;
        }

        String line() {
            String head = String.format(Locale.ROOT, "[%5.1fs] %s", firstAt, text);
            return count == 1 ? head : String.format(Locale.ROOT, "%s  x%d (to %.1fs)", head, count, lastAt);
        }
    }

    private final long startNanos;
    private final Instant startInstant;
    private final PrintStream out;
    private final boolean print;
    private final Map<String, Fold> window = new LinkedHashMap<>();
    private final Deque<String> shown = new ArrayDeque<>();
    private final List<Event> recorded = new ArrayList<>();
    private long dropped;

    EventLog(long startNanos, PrintStream out, boolean print) {
        this.startNanos = startNanos;
        this.startInstant = Instant.now();
        this.out = out;
        this.print = print;
    }

    long startNanos() {
        return startNanos;
    }

    /** Seconds since the run began. */
    double elapsedSeconds() {
        return seconds(System.nanoTime());
    }

    /** Seconds since the run began, at {@code nanos} ({@link System#nanoTime()}). */
    double seconds(long nanos) {
        return (nanos - startNanos) / 1e9;
    }

    void add(String format, Object... args) {
        long now = System.nanoTime();
        double at = seconds(now);
        String text = String.format(Locale.ROOT, format, args);
        Map<String, Long> fences = new LinkedHashMap<>();
        for (Object a : args) {
            if (a instanceof FenceRef f) {
                fences.put(f.toString(), f.fence());
            }
        }
        var kind = KIND.matcher(text);
        Event event = new Event(Math.round(at * 1000) / 1000.0,
                startInstant.plusNanos(now - startNanos).toString(),
                kind.lookingAt() ? kind.group() : "note", text, fences);
        synchronized (this) {
            if (recorded.size() < RECORDED) {
                recorded.add(event);
            } else {
                dropped++;
            }
            Fold fold = window.get(text);
            if (fold == null) {
                window.put(text, new Fold(at, text));
            } else {
                fold.count++;
                fold.lastAt = at;
            }
        }
    }

    /** Ends the current window: its folded lines are printed (plain mode) and kept for the screen. */
    void flush() {
        List<String> lines = new ArrayList<>();
        synchronized (this) {
            for (Fold f : window.values()) {
                lines.add(f.line());
                shown.addLast(f.line());
                if (shown.size() > KEPT) {
                    shown.removeFirst();
                }
            }
            window.clear();
        }
        if (print && !lines.isEmpty()) {
            synchronized (out) {
                lines.forEach(out::println);
                out.flush();
            }
        }
    }

    /** The latest folded lines, for the redrawn screen, including the window not yet flushed. */
    synchronized List<String> latest() {
        List<String> all = new ArrayList<>(shown);
        window.values().forEach(f -> all.add(f.line()));
        return all.size() <= KEPT ? all : all.subList(all.size() - KEPT, all.size());
    }

    /** Every event, in order, as recorded for the JSON (the first {@value #RECORDED}). */
    synchronized List<Event> recorded() {
        return List.copyOf(recorded);
    }

    /** Events past the first {@value #RECORDED}, counted but not recorded. */
    synchronized long dropped() {
        return dropped;
    }
}
