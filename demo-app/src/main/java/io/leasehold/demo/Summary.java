package io.leasehold.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The end of a run: what happened, and the invariant check. The invariants are Leasehold's claims
 * as the ledger sees them: no lost update (each account's balance equals its accepted increments)
 * and fences that only grew, per lock; with {@code --kill-member}, work went on after the kill.
 * The {@code IMap.lock} side is reported for comparison and is not part of the check: it is expected
 * to lose updates.
 *
 * <p>The console gets a few lines and a one-line verdict (counts and the first few cases); the JSON
 * ({@link #json()}) gets everything: every violation, every event with its time, full fences.
 */
final class Summary {

    /** Cases named on the verdict line; the rest are counted (and listed in the JSON). */
    static final int CASES_SHOWN = 3;
    private static final int CASE_CHARS = 120;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The JSON summary. */
    record Report(String mode, String topology, int membersStarted, ClusterInfo clusterAtStart,
                  ClusterInfo clusterAtEnd, double durationSeconds, int workers, long sessionTtlMillis,
                  LeaseholdReport leasehold, Kill memberKilled, ImapReport imap, Invariants invariants,
                  Events events) {
    }

    record LeaseholdReport(long acquisitions, double acquisitionsPerSecond, long acceptedIncrements,
                           long ledgerBalance, long staleWritesRefused, long staleReadsRefused, long stalls,
                           long stalledWritesRefused, long deaths, int reclaims, List<Long> reclaimMillis,
                           long troubleLeaseTtlMillis, long lockLostNotices, long acquireTimeouts, long failedRounds,
                           List<LockReport> locks) {
    }

    /** One lock; {@code lastFenceRelative} is the last fence as the console shows it: its hold number in the run (the first fence is 1). */
    record LockReport(String name, long acquisitions, Long firstFence, Long lastFence, Long lastFenceRelative,
                      boolean fencesIncreasing, long staleWritesRefused, int reclaims) {
    }

    record Kill(String member, double atSeconds, long acquisitionsAfter) {
    }

    record ImapReport(long acquisitions, long acceptedIncrements, long ledgerBalance, long lostIncrements,
                      long staleWritesLetThrough, long stalls, long stalledWritesLetThrough) {
    }

    /** A broken claim; fences in full where there are any. */
    record Violation(String kind, String lock, String text, Long fence, Long previousFence) {
    }

    record Invariants(boolean ok, Map<String, Integer> counts, List<Violation> violations) {
    }

    /** Every event of the run with its time (the first {@value EventLog#RECORDED}; {@code dropped} more). */
    record Events(int recorded, long dropped, List<EventLog.Event> list) {
    }

    final Report report;
    final List<Violation> violations;
    private final boolean jsonWritten;

    private Summary(Report report, boolean jsonWritten) {
        this.report = report;
        this.violations = report.invariants().violations();
        this.jsonWritten = jsonWritten;
    }

    boolean ok() {
        return violations.isEmpty();
    }

    /** The last line of the output: exactly {@code invariants: OK}, or {@code invariants: VIOLATED (...)} in one line. */
    String verdict() {
        return verdict(violations, jsonWritten);
    }

    /**
     * {@code invariants: OK}, or one line with the count of each kind of violation and the first
     * {@value #CASES_SHOWN} cases, each cut to a readable length; the full list is in the JSON.
     */
    static String verdict(List<Violation> violations, boolean jsonWritten) {
        if (violations.isEmpty()) {
            return "invariants: OK";
        }
        String counts = counts(violations).entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%,d %s", e.getValue(), e.getKey()))
                .collect(Collectors.joining(", "));
        String first = violations.stream().limit(CASES_SHOWN).map(v -> cut(v.text()))
                .collect(Collectors.joining("; "));
        String more = violations.size() > CASES_SHOWN
                ? String.format(Locale.ROOT, "; and %,d more", violations.size() - CASES_SHOWN) : "";
        return String.format(Locale.ROOT, "invariants: VIOLATED (%s; first: %s%s; %s)", counts, first, more,
                jsonWritten ? "full list in the JSON" : "--json FILE writes the full list");
    }

    private static Map<String, Integer> counts(List<Violation> violations) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        violations.forEach(v -> counts.merge(v.kind(), 1, Integer::sum));
        return counts;
    }

    private static String cut(String s) {
        return s.length() <= CASE_CHARS ? s : s.substring(0, CASE_CHARS - 3) + "...";
    }

    static Summary of(DemoRun run, Side leasehold, Side imap, Trouble trouble, double seconds,
                      ClusterInfo clusterAtStart) {
        List<Violation> violations = new ArrayList<>();
        Ledger.Totals totals = leasehold.ledger.totals();
        totals.mismatchedAccounts.forEach((account, diff) -> violations.add(new Violation("lost update", account,
                "lost update on " + account + ": balance " + (diff < 0 ? "" : "+") + diff
                        + " off its accepted increments", null, null)));
        for (LockStats s : leasehold.locks.values()) {
            for (LockStats.FenceViolation v : s.fenceViolations()) {
                violations.add(new Violation("fence went back", s.name, "fence went back on " + s.name + ": "
                        + s.ref(v.fence()) + " after " + s.ref(v.after()) + " (" + v.who() + ")", v.fence(), v.after()));
            }
        }
        long afterKill = trouble.killedMember() == null ? 0 : leasehold.acquisitions() - trouble.acquisitionsAtKill();
        if (run.options.killMember && trouble.killedMember() != null && afterKill == 0) {
            violations.add(new Violation("no work after the kill", null,
                    "no acquisition after member " + trouble.killedMember() + " was terminated", null, null));
        }
        Kill kill = trouble.killedMember() == null ? null
                : new Kill(trouble.killedMember(), round3(trouble.killedAtSeconds()), afterKill);
        List<EventLog.Event> events = run.events.recorded();
        Report report = new Report(run.topology.mode(), run.topology.describe(), run.topology.memberCount(),
                clusterAtStart, ClusterInfo.observe(run.topology), round3(seconds), run.options.workers,
                run.options.sessionTtlMillis, leaseholdReport(leasehold, totals, seconds), kill,
                imap == null ? null : imapReport(imap),
                new Invariants(violations.isEmpty(), counts(violations), List.copyOf(violations)),
                new Events(events.size(), run.events.dropped(), events));
        return new Summary(report, run.options.json != null);
    }

    private static LeaseholdReport leaseholdReport(Side side, Ledger.Totals totals, double seconds) {
        long acquisitions = side.acquisitions();
        List<LockStats.Reclaim> reclaims = side.reclaims();
        List<LockReport> locks = new ArrayList<>();
        for (LockStats s : side.locks.values()) {
            boolean seen = s.firstFence() != Long.MIN_VALUE;
            locks.add(new LockReport(s.name, s.acquisitions.get(), seen ? s.firstFence() : null,
                    seen ? s.lastFence() : null, seen ? s.ref(s.lastFence()).relative() : null,
                    s.fenceViolations().isEmpty(), s.refusedWrites.get(), s.reclaims().size()));
        }
        return new LeaseholdReport(acquisitions, round3(acquisitions / seconds), totals.acceptedIncrements,
                totals.balance, totals.refusedWrites, totals.refusedReads, side.stalls.get(),
                side.stalledWritesRefused.get(), side.deaths.get(), reclaims.size(),
                reclaims.stream().map(LockStats.Reclaim::millis).toList(), DemoSettings.TROUBLE_TTL.toMillis(),
                side.lockLostNotices.get(), side.acquireTimeouts.get(), side.failedRounds.get(), locks);
    }

    private static ImapReport imapReport(Side side) {
        Ledger.Totals totals = side.ledger.totals();
        return new ImapReport(side.acquisitions(), totals.acceptedIncrements, totals.balance,
                totals.acceptedIncrements - totals.balance, totals.staleWritesLetThrough, side.stalls.get(),
                side.stalledWritesLetThrough.get());
    }

    private static double round3(double d) {
        return Double.isFinite(d) ? Math.round(d * 1000) / 1000.0 : d;
    }

    String json() {
        try {
            return JSON.writeValueAsString(report) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("could not write the summary as JSON", e);
        }
    }

    /** The summary as console lines, the verdict last. */
    List<String> lines() {
        LeaseholdReport lh = report.leasehold();
        List<String> out = new ArrayList<>();
        ClusterInfo c = report.clusterAtStart();
        out.add(String.format(Locale.ROOT, "== summary: %s, %.1f s, %d workers; Hazelcast %s, %s member(s) seen ==",
                report.topology(), report.durationSeconds(), report.workers(),
                c == null ? "?" : c.hazelcastVersion(), c == null || c.members() == null ? "?" : c.members()));
        out.add(String.format(Locale.ROOT, "leasehold   %d acquisitions (%.1f/s), %d increments accepted, ledger balance %d",
                lh.acquisitions(), lh.acquisitionsPerSecond(), lh.acceptedIncrements(), lh.ledgerBalance()));
        out.add(String.format(Locale.ROOT, "stalls      %d holder(s) stalled past their TTL, %d of their late writes refused by fence; "
                + "%d stale write(s) refused in all", lh.stalls(), lh.stalledWritesRefused(), lh.staleWritesRefused()));
        out.add(String.format(Locale.ROOT, "deaths      %d holder(s) died holding a lock; %d lock(s) reclaimed without help%s "
                        + "(lease TTL %.1f s)", lh.deaths(), lh.reclaims(),
                lh.reclaimMillis().isEmpty() ? "" : " in " + lh.reclaimMillis().stream()
                        .map(ms -> String.format(Locale.ROOT, "%.2f s", ms / 1e3)).collect(Collectors.joining(", ")),
                DemoSettings.TROUBLE_TTL.toMillis() / 1e3));
        Kill kill = report.memberKilled();
        if (kill != null) {
            ClusterInfo end = report.clusterAtEnd();
            out.add(String.format(Locale.ROOT, "member      %s terminated at %.1f s; %d acquisitions after it; %s member(s) seen at the end",
                    kill.member(), kill.atSeconds(), kill.acquisitionsAfter(),
                    end == null || end.members() == null ? "?" : end.members()));
        }
        ImapReport imap = report.imap();
        if (imap != null) {
            out.add(String.format(Locale.ROOT, "IMap.lock   %d acquisitions, %d stale write(s) let through (no fence), "
                            + "ledger balance %d after %d increments: %d lost", imap.acquisitions(),
                    imap.staleWritesLetThrough(), imap.ledgerBalance(), imap.acceptedIncrements(), imap.lostIncrements()));
        }
        for (LockReport l : lh.locks()) {
            out.add(l.firstFence() == null
                    ? String.format(Locale.ROOT, "fences      %-8s never acquired", l.name())
                    : String.format(Locale.ROOT, "fences      %-8s #1 -> #%d over %d holds: %s", l.name(),
                    l.lastFenceRelative(), l.acquisitions(), l.fencesIncreasing() ? "increasing" : "WENT BACK"));
        }
        out.add(String.format(Locale.ROOT, "ledger      balance %d = %d accepted increments: %s", lh.ledgerBalance(),
                lh.acceptedIncrements(), lh.ledgerBalance() == lh.acceptedIncrements()
                        ? "no lost update" : "LOST UPDATE"));
        out.add(verdict());
        return out;
    }
}
