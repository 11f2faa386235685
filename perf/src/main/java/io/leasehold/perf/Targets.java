package io.leasehold.perf;

/** The targets of issue 10 (and the dead-client one of issue 7), checked against a report's rows. */
final class Targets {

    /** A grant that goes past an earlier-ticketed waiter more often than this is not FIFO. */
    static final double FIFO_OVERTAKE_PCT = 5;

    /** Fewer leases than this give no usable heap-after-GC figure. */
    static final int HEAP_MIN_LEASES = 50_000;

    private Targets() {
    }

    static void evaluate(Report report) {
        for (Report.Row r : report.rows) {
            if (!r.impl.equals(Report.LEASEHOLD)) {
                continue;
            }
            String where = r.scenario + " / " + r.topology;
            boolean three = r.topology.endsWith("-3");
            if (r.scenario.startsWith("uncontended-")) {
                Double ratio = report.headlineRatio(r);
                add(report, (r.scenario.contains("fresh") ? "uncontended, fresh name" : "uncontended, reused name")
                        + " vs IMap.lock", ">= 1.0x", ratio, "x", ratio != null && ratio >= 1.0, where);
            } else if (r.scenario.startsWith("hot-lock-")) {
                Double ratio = report.headlineRatio(r);
                add(report, "hot-lock handoffs/s vs IMap.lock", ">= 1.0x", ratio, "x", ratio != null && ratio >= 1.0,
                        where);
                Double overtakes = r.get("fifo_overtake_pct");
                add(report, "hot lock FIFO: grants overtaking an earlier waiter", "<= " + (int) FIFO_OVERTAKE_PCT + " %",
                        overtakes, "%", overtakes != null && overtakes <= FIFO_OVERTAKE_PCT, where);
            } else if (r.scenario.startsWith("grant-revoke-") && three) {
                Double rate = r.get("pairs_per_s");
                add(report, "grant + revoke pairs/s on 3 members", ">= 10000/s", rate, "/s", rate != null && rate >= 10_000,
                        where);
            } else if (r.scenario.equals("expiry-lag")) {
                Double p99 = r.get("lag_p99_ms");
                add(report, "lease-end lag p99 at a steady " + Report.fmt(r.get("rate_target_per_s")) + "/s",
                        "<= 50 ms", p99, "ms", p99 != null && p99 <= 50, where);
                Double lock = r.get("lock_lag_p99_ms");
                add(report, "lock to its waiter after the holder's deadline, p99", "<= 50 ms", lock, "ms",
                        lock != null && lock <= 50, where);
            } else if (r.scenario.equals("dead-client")) {
                Double free = r.get("free_after_kill_max_ms");
                double bound = r.get("ttl_ms") + 100;
                add(report, "dead client's lock free (from kill)", "<= TTL+100 = " + (long) bound + " ms", free, "ms",
                        free != null && free <= bound, where);
            } else if (r.scenario.startsWith("expiry-scale-")) {
                Double leases = r.get("leases");
                if (three) {
                    Double rate = r.get("revocations_per_s");
                    String name = "revocations/s, " + Report.fmt(leases) + " leases+locks at once"
                            + (leases != null && leases < 1_000_000 ? " (target at 1M)" : "");
                    add(report, name, ">= 50000/s", rate, "/s", rate != null && rate >= 50_000, where);
                }
                double notFreed = r.get("leases_left") + r.get("locks_still_held")
                        + (r.get("waiters") - r.get("waiters_served"));
                add(report, "all revoked, all locks freed, all waiters served", "0 left", notFreed, "left",
                        notFreed == 0, where);
                // A heap delta after GC is noise below some tens of thousands of leases (a few MB).
                boolean enough = leases != null && leases >= HEAP_MIN_LEASES;
                String heapWhere = enough ? where
                        : where + " (n/a: < " + Report.fmt((double) HEAP_MIN_LEASES) + " leases)";
                Double primary = enough ? r.get("heap_primary_bytes_per_idle_lease") : null;
                add(report, "member heap per idle lease, primary", "<= 300 B", primary, "B",
                        primary != null && primary <= 300, heapWhere);
                if (three) {
                    Double both = enough ? r.get("heap_bytes_per_idle_lease") : null;
                    add(report, "member heap per idle lease, primary + backup", "<= 600 B", both, "B",
                            both != null && both <= 600, heapWhere);
                }
                Double entry = r.get("leases_map_primary_bytes_per_lease");
                add(report, "leases map entry cost per idle lease, primary", "<= 300 B", entry, "B",
                        entry != null && entry <= 300, where);
            } else if (r.scenario.startsWith("state-")) {
                Double growth = r.get("session_growth_x");
                add(report, "session record after " + Report.fmt(r.get("cycles")) + " names vs a new one", "<= 1.0x",
                        growth, "x", growth != null && growth <= 1.0, where);
                Double left = r.get("lock_records_after_wait");
                add(report, "lock records left for released, idle names", "0", left, "", left != null && left <= 0, where);
            }
        }
    }

    private static void add(Report report, String name, String goal, Double measured, String unit, boolean met,
                            String where) {
        report.targets.add(new Report.Target(name, goal, measured == null ? Double.NaN : measured, unit, met, where));
    }
}
