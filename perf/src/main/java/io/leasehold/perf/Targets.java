package io.leasehold.perf;

/** The targets of issue 7, checked against a report's rows. */
final class Targets {

    private Targets() {
    }

    static void evaluate(Report report, Sizes sizes) {
        for (Report.Row r : report.rows) {
            if (!r.impl.equals(Report.LEASEHOLD)) {
                continue;
            }
            String where = r.scenario + " / " + r.topology;
            if (r.scenario.startsWith("uncontended-")) {
                Double ratio = report.ratios(r).get("ops_per_s");
                add(report, "uncontended acquire+release vs IMap.lock", ">= 1.5x", ratio, "x", ratio != null && ratio >= 1.5,
                        where);
            } else if (r.scenario.startsWith("hot-lock-")) {
                Double ratio = report.ratios(r).get("handoffs_per_s");
                add(report, "hot-lock handoffs/s vs IMap.lock", ">= 1.0x", ratio, "x", ratio != null && ratio >= 1.0,
                        where);
            } else if (r.scenario.equals("expiry-lag")) {
                Double p99 = r.get("lag_p99_ms");
                add(report, "revoke lag p99 (steady pace)", "<= 50 ms", p99, "ms", p99 != null && p99 <= 50, where);
            } else if (r.scenario.equals("dead-client")) {
                Double free = r.get("free_after_kill_max_ms");
                double bound = r.get("ttl_ms") + 100;
                add(report, "dead client's lock free (from kill)", "<= TTL+100 = " + (long) bound + " ms", free, "ms",
                        free != null && free <= bound, where);
            } else if (r.scenario.startsWith("expiry-scale-")) {
                Double rate = r.get("revocations_per_s");
                Double leases = r.get("leases");
                if (r.topology.endsWith("-3")) {
                    String name = "revocations/s, " + Report.fmt(leases) + " leases on 3 members"
                            + (leases != null && leases < 1_000_000 ? " (target is for 1,000,000)" : "");
                    add(report, name, ">= 50000/s", rate, "/s", rate != null && rate >= 50_000, where);
                }
                Double heap = r.get("heap_bytes_per_lease");
                add(report, "member heap per idle lease", "<= 300 B", heap, "B", heap != null && heap <= 300, where);
            }
        }
    }

    private static void add(Report report, String name, String goal, Double measured, String unit, boolean met,
                            String where) {
        report.targets.add(new Report.Target(name, goal, measured == null ? Double.NaN : measured, unit, met, where));
    }
}
