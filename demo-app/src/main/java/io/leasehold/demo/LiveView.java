package io.leasehold.demo;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.LockHolder;
import io.leasehold.hazelcast.HazelcastLeasehold;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The console view, refreshed about once a second: per lock, its holder and fence as the lock's
 * owner member sees them, acquisitions per second, waiters, stale writes refused (or, for
 * {@code IMap.lock}, let through) and reclaims. On a terminal it redraws the screen with the latest
 * events below the table; otherwise it prints the table each second and events as they happen.
 */
final class LiveView {

    private static final String CLEAR = "\033[H\033[2J";

    private final DemoRun run;
    private final Side leaseholdSide;
    private final Side imapSide;
    private final PrintStream out;
    private final boolean redraw;
    private final Map<String, Long> previousCounts = new HashMap<>();
    private long previousNanos = System.nanoTime();
    private HazelcastInstance monitorEndpoint;
    private Leasehold monitor;

    LiveView(DemoRun run, Side leaseholdSide, Side imapSide, PrintStream out, boolean redraw) {
        this.run = run;
        this.leaseholdSide = leaseholdSide;
        this.imapSide = imapSide;
        this.out = out;
        this.redraw = redraw;
    }

    /** Shows the events of the last second (folded), then draws one frame. */
    void refresh() {
        run.events.flush();
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - previousNanos) / 1e9);
        previousNanos = now;
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "Leasehold lock contention - %s - %.0f s of %d s",
                run.topology.describe(), run.events.elapsedSeconds(), run.options.durationSeconds));
        lines.add(String.format(Locale.ROOT, "%-12s %-10s %10s %7s %8s %8s %9s", "lock", "holder", "fence",
                "acq/s", "waiters", "refused", "reclaims"));
        for (LockStats s : leaseholdSide.locks.values()) {
            Optional<LockHolder> holder = holder(s.name);
            lines.add(String.format(Locale.ROOT, "%-12s %-10s %10s %7.0f %8s %8d %9d", s.name,
                    holder.map(h -> run.ownerOf(h.leaseId())).orElse(monitor == null ? "?" : "-"),
                    holder.map(h -> "#" + s.ref(h.fence()).relative()).orElse("-"), rate(s, seconds),
                    holder.map(h -> Integer.toString(h.waiters())).orElse("-"), s.refusedWrites.get(),
                    s.reclaims().size()));
        }
        if (imapSide != null) {
            lines.add(String.format(Locale.ROOT, "%-12s %-10s %10s %7s %8s %8s", "IMap.lock", "", "(no fence)",
                    "acq/s", "", "let through"));
            for (LockStats s : imapSide.locks.values()) {
                lines.add(String.format(Locale.ROOT, "%-12s %-10s %10s %7.0f %8s %8d", s.name, imapLocked(s.name),
                        "-", rate(s, seconds), "-", s.letThroughWrites.get()));
            }
        }
        lines.add(String.format(Locale.ROOT, "acquisitions %d, stale writes refused %d, reclaims %d, stalls %d, "
                        + "deaths %d, lock-lost notices %d", leaseholdSide.acquisitions(),
                leaseholdSide.ledger.totals().refusedWrites, leaseholdSide.reclaims().size(),
                leaseholdSide.stalls.get(), leaseholdSide.deaths.get(), leaseholdSide.lockLostNotices.get()));
        print(lines);
    }

    private void print(List<String> lines) {
        synchronized (out) {
            if (redraw) {
                out.print(CLEAR);
                lines.forEach(out::println);
                out.println();
                out.println("events:");
                run.events.latest().forEach(out::println);
            } else {
                lines.forEach(l -> out.println("  | " + l));
            }
            out.flush();
        }
    }

    private double rate(LockStats s, double seconds) {
        long count = s.acquisitions.get();
        Long before = previousCounts.put(s.name, count);
        return (count - (before == null ? 0 : before)) / seconds;
    }

    private Optional<LockHolder> holder(String lock) {
        try {
            if (monitor == null || !monitorEndpoint.getLifecycleService().isRunning()) {
                monitorEndpoint = run.topology.endpoint(0);
                monitor = HazelcastLeasehold.create(monitorEndpoint);
            }
            return monitor.lock(lock).holder();
        } catch (RuntimeException e) {
            monitor = null;
            return Optional.empty();
        }
    }

    private String imapLocked(String key) {
        try {
            return run.topology.endpoint(0).getMap(ImapWorker.MAP).isLocked(key) ? "locked" : "free";
        } catch (RuntimeException e) {
            return "?";
        }
    }

    /** Frees the monitor's Leasehold (it holds no lease). */
    void close() {
        if (monitor != null) {
            try {
                monitor.close();
            } catch (RuntimeException ignored) {
                // its instance may be gone
            }
        }
    }
}
