package io.leasehold.demo;

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
 */
final class Summary {

    final Map<String, Object> data;
    final List<String> violations;

    private Summary(Map<String, Object> data, List<String> violations) {
        this.data = data;
        this.violations = violations;
    }

    boolean ok() {
        return violations.isEmpty();
    }

    /** The last line of the output: exactly {@code invariants: OK} or {@code invariants: VIOLATED (...)}. */
    String verdict() {
        return ok() ? "invariants: OK" : "invariants: VIOLATED (" + String.join("; ", violations) + ")";
    }

    static Summary of(DemoRun run, Side leasehold, Side imap, Trouble trouble, double seconds) {
        List<String> violations = new ArrayList<>();
        Ledger.Totals totals = leasehold.ledger.totals();
        totals.mismatchedAccounts.forEach((account, diff) -> violations.add(
                "lost update on " + account + ": balance " + (diff < 0 ? "" : "+") + diff + " off its accepted increments"));
        for (LockStats s : leasehold.locks.values()) {
            s.fenceViolations().forEach(v -> violations.add("fence went back on " + s.name + ": " + v));
        }
        long afterKill = trouble.killedMember() == null ? 0 : leasehold.acquisitions() - trouble.acquisitionsAtKill();
        if (run.options.killMember && trouble.killedMember() != null && afterKill == 0) {
            violations.add("no acquisition after member " + trouble.killedMember() + " was terminated");
        }

        Map<String, Object> data = new LinkedHashMap<>();
        data.put("mode", run.topology.mode());
        data.put("topology", run.topology.describe());
        data.put("members", run.topology.memberCount());
        data.put("durationSeconds", seconds);
        data.put("workers", run.options.workers);
        data.put("sessionTtlMillis", run.options.sessionTtlMillis);
        data.put("leasehold", leaseholdData(leasehold, totals, seconds));
        if (trouble.killedMember() != null) {
            Map<String, Object> kill = new LinkedHashMap<>();
            kill.put("member", trouble.killedMember());
            kill.put("atSeconds", trouble.killedAtSeconds());
            kill.put("acquisitionsAfter", afterKill);
            data.put("memberKilled", kill);
        } else {
            data.put("memberKilled", null);
        }
        if (imap != null) {
            data.put("imap", imapData(imap));
        }
        Map<String, Object> inv = new LinkedHashMap<>();
        inv.put("ok", violations.isEmpty());
        inv.put("violations", List.copyOf(violations));
        data.put("invariants", inv);
        return new Summary(data, List.copyOf(violations));
    }

    private static Map<String, Object> leaseholdData(Side side, Ledger.Totals totals, double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        long acquisitions = side.acquisitions();
        m.put("acquisitions", acquisitions);
        m.put("acquisitionsPerSecond", acquisitions / seconds);
        m.put("acceptedIncrements", totals.acceptedIncrements);
        m.put("ledgerBalance", totals.balance);
        m.put("staleWritesRefused", totals.refusedWrites);
        m.put("staleReadsRefused", totals.refusedReads);
        m.put("stalls", side.stalls.get());
        m.put("stalledWritesRefused", side.stalledWritesRefused.get());
        m.put("deaths", side.deaths.get());
        List<LockStats.Reclaim> reclaims = side.reclaims();
        m.put("reclaims", reclaims.size());
        m.put("reclaimMillis", reclaims.stream().map(LockStats.Reclaim::millis).collect(Collectors.toList()));
        m.put("troubleLeaseTtlMillis", DemoSettings.TROUBLE_TTL.toMillis());
        m.put("lockLostNotices", side.lockLostNotices.get());
        m.put("acquireTimeouts", side.acquireTimeouts.get());
        m.put("failedRounds", side.failedRounds.get());
        List<Object> locks = new ArrayList<>();
        for (LockStats s : side.locks.values()) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("name", s.name);
            l.put("acquisitions", s.acquisitions.get());
            l.put("firstFence", s.firstFence() == Long.MIN_VALUE ? null : s.firstFence());
            l.put("lastFence", s.lastFence() == Long.MIN_VALUE ? null : s.lastFence());
            l.put("fencesIncreasing", s.fenceViolations().isEmpty());
            l.put("staleWritesRefused", s.refusedWrites.get());
            l.put("reclaims", s.reclaims().size());
            locks.add(l);
        }
        m.put("locks", locks);
        return m;
    }

    private static Map<String, Object> imapData(Side side) {
        Ledger.Totals totals = side.ledger.totals();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("acquisitions", side.acquisitions());
        m.put("acceptedIncrements", totals.acceptedIncrements);
        m.put("ledgerBalance", totals.balance);
        m.put("lostIncrements", totals.acceptedIncrements - totals.balance);
        m.put("staleWritesLetThrough", totals.staleWritesLetThrough);
        m.put("stalls", side.stalls.get());
        m.put("stalledWritesLetThrough", side.stalledWritesLetThrough.get());
        return m;
    }

    String json() {
        return Json.write(data);
    }

    /** The summary as console lines, the verdict last. */
    @SuppressWarnings("unchecked")
    List<String> lines() {
        Map<String, Object> lh = (Map<String, Object>) data.get("leasehold");
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "== summary: %s, %.1f s, %d workers ==", data.get("topology"),
                (Double) data.get("durationSeconds"), (Integer) data.get("workers")));
        out.add(String.format(Locale.ROOT, "leasehold   %d acquisitions (%.1f/s), %d increments accepted, ledger balance %d",
                lh.get("acquisitions"), (Double) lh.get("acquisitionsPerSecond"), lh.get("acceptedIncrements"),
                lh.get("ledgerBalance")));
        out.add(String.format(Locale.ROOT, "stalls      %d holder(s) stalled past their TTL, %d of their late writes refused by fence; "
                        + "%d stale write(s) refused in all", lh.get("stalls"), lh.get("stalledWritesRefused"),
                lh.get("staleWritesRefused")));
        List<Long> reclaimMillis = (List<Long>) lh.get("reclaimMillis");
        out.add(String.format(Locale.ROOT, "deaths      %d holder(s) died holding a lock; %d lock(s) reclaimed without help%s "
                        + "(lease TTL %.1f s)", lh.get("deaths"), lh.get("reclaims"),
                reclaimMillis.isEmpty() ? "" : " in " + reclaimMillis.stream()
                        .map(ms -> String.format(Locale.ROOT, "%.2f s", ms / 1e3)).collect(Collectors.joining(", ")),
                DemoSettings.TROUBLE_TTL.toMillis() / 1e3));
        Map<String, Object> kill = (Map<String, Object>) data.get("memberKilled");
        if (kill != null) {
            out.add(String.format(Locale.ROOT, "member      %s terminated at %.1f s; %d acquisitions after it",
                    kill.get("member"), (Double) kill.get("atSeconds"), kill.get("acquisitionsAfter")));
        }
        Map<String, Object> imap = (Map<String, Object>) data.get("imap");
        if (imap != null) {
            out.add(String.format(Locale.ROOT, "IMap.lock   %d acquisitions, %d stale write(s) let through (no fence), "
                            + "ledger balance %d after %d increments: %d lost", imap.get("acquisitions"),
                    imap.get("staleWritesLetThrough"), imap.get("ledgerBalance"), imap.get("acceptedIncrements"),
                    imap.get("lostIncrements")));
        }
        for (Object o : (List<Object>) lh.get("locks")) {
            Map<String, Object> l = (Map<String, Object>) o;
            out.add(String.format(Locale.ROOT, "fences      %-8s %s -> %s over %d holds: %s", l.get("name"),
                    l.get("firstFence"), l.get("lastFence"), l.get("acquisitions"),
                    Boolean.TRUE.equals(l.get("fencesIncreasing")) ? "increasing" : "WENT BACK"));
        }
        out.add(String.format(Locale.ROOT, "ledger      balance %d = %d accepted increments: %s", lh.get("ledgerBalance"),
                lh.get("acceptedIncrements"), lh.get("ledgerBalance").equals(lh.get("acceptedIncrements"))
                        ? "no lost update" : "LOST UPDATE"));
        out.add(verdict());
        return out;
    }
}
