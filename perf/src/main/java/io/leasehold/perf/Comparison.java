package io.leasehold.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasehold.perf.Shapes.Shape;
import io.leasehold.perf.Spread.Verdict;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The windows of a {@code compare} run, and what they decide: per topology, load condition and shape,
 * the median and range of Leasehold's and the baseline's throughput, the ratio of each adjacent A/B
 * pair, the handoff counts, and issue 19's targets judged met, missed or undecided.
 */
final class Comparison {

    static final String IDLE = "idle";
    static final String BUSY = "one core busy";

    /** etcd's lease API in issue 19's run: grant + revoke pairs/s (measured there, not here). */
    static final double ETCD_PAIRS_PER_S = 1_754;
    static final double FIFO_OVERTAKE_PCT = 5;

    /** One measured window of one implementation. */
    record Window(String topology, String condition, Shape shape, String impl, int pair, Map<String, Double> metrics) {
    }

    /** A target judged: what, where, the goal, the figures it was judged on, and the verdict. */
    record Judged(String target, String where, String goal, String measured, Verdict verdict) {
    }

    final Map<String, String> options = new LinkedHashMap<>();
    final List<Window> windows = new ArrayList<>();
    /** Rows of the expiry runs (one run each, no windows), when asked for. */
    final Report expiry = new Report();
    /** Shapes or runs that threw instead of finishing. */
    final List<String> failures = new ArrayList<>();

    void add(Window w) {
        windows.add(w);
    }

    /** The figure {@code metric} of every window of one side of a group, in pair order. */
    List<Double> figures(String topology, String condition, Shape shape, boolean leasehold, String metric) {
        List<Double> out = new ArrayList<>();
        for (Window w : windows) {
            if (w.topology.equals(topology) && w.condition.equals(condition) && w.shape == shape
                    && w.impl.equals(Report.LEASEHOLD) == leasehold) {
                Double v = w.metrics.get(metric);
                out.add(v == null ? Double.NaN : v);
            }
        }
        return out;
    }

    /** The (topology, condition, shape) groups, in the order they ran. */
    List<String[]> groups() {
        List<String[]> out = new ArrayList<>();
        for (Window w : windows) {
            String[] g = {w.topology, w.condition, w.shape.name()};
            if (out.stream().noneMatch(o -> o[0].equals(g[0]) && o[1].equals(g[1]) && o[2].equals(g[2]))) {
                out.add(g);
            }
        }
        return out;
    }

    /** Issue 19's targets, judged on the windows (and on the expiry rows, which are one run each). */
    List<Judged> judge() {
        List<Judged> out = new ArrayList<>();
        for (String[] g : groups()) {
            String topo = g[0];
            String condition = g[1];
            Shape shape = Shape.valueOf(g[2]);
            String where = shape.label + " / " + topo + " / " + condition;
            Spread ratio = Spread.ofPairRatios(figures(topo, condition, shape, true, shape.headline),
                    figures(topo, condition, shape, false, shape.headline));
            Double goal = ratioGoal(topo, condition, shape);
            if (goal != null) {
                out.add(atLeast(RATIO_TARGETS.get(shape), where, goal, ratio));
            }
            if (shape == Shape.HOT) {
                Spread fifo = Spread.of(figures(topo, condition, shape, true, "fifo_overtake_pct"));
                out.add(new Judged("hot lock FIFO: grants that overtook an earlier waiter", where,
                        "<= " + (int) FIFO_OVERTAKE_PCT + " %", fifo.text() + " %", fifo.atMost(FIFO_OVERTAKE_PCT)));
            }
            if (shape == Shape.GRANT_REVOKE && condition.equals(IDLE) && topo.equals("client-3")) {
                double etcd = 5 * ETCD_PAIRS_PER_S;
                Spread pairs = Spread.of(figures(topo, condition, shape, true, shape.headline));
                out.add(new Judged("grant + revoke through a client, 5x etcd's 1,754 pairs/s", where,
                        ">= " + Report.fmt(etcd) + "/s", pairs.text() + "/s", pairs.atLeast(etcd)));
            }
        }
        for (Report.Row r : expiry.rows) {
            String where = r.scenario + " / " + r.topology;
            if (r.scenario.equals("expiry-lag")) {
                out.add(single("lease-end lag p99 at a steady " + Report.fmt(r.get("rate_target_per_s")) + "/s", where,
                        "<= 50 ms", r.get("lag_p99_ms"), "ms", v -> v <= 50, null));
            } else if (r.scenario.startsWith("expiry-scale-")) {
                Double leases = r.get("leases");
                String small = leases == null || leases < 1_000_000
                        ? "not decided: " + Report.fmt(leases) + " leases, the target is set at 1,000,000" : null;
                if (r.topology.endsWith("-3")) {
                    out.add(single("revocations/s, leases with locks due at once on 3 members", where, ">= 50,000/s",
                            r.get("revocations_per_s"), "/s", v -> v >= 50_000, small));
                }
                Double waiters = r.get("waiters");
                Double served = r.get("waiters_served");
                Double left = sum(r.get("leases_left"), r.get("locks_still_held"),
                        waiters == null || served == null ? null : waiters - served);
                out.add(single("all revoked, every lock free, every waiter served", where, "0 left", left, "left",
                        v -> v == 0, null));
            }
        }
        return out;
    }

    private static final Map<Shape, String> RATIO_TARGETS = Map.of(
            Shape.FRESH, "uncontended, fresh name vs IMap.lock",
            Shape.HOT, "hot-lock handoffs/s vs IMap.lock",
            Shape.SPREAD, "spread vs IMap.lock",
            Shape.GRANT_REVOKE, "grant + revoke vs IMap.set + delete");

    /**
     * The least ratio issue 19 asks of a shape on a topology, or null where it sets none: every shape
     * idle; with one core busy only the hot lock ("also with one core busy").
     */
    static Double ratioGoal(String topology, String condition, Shape shape) {
        boolean idle = condition.equals(IDLE);
        return switch (shape) {
            case FRESH -> idle ? (topology.equals("embedded-1") ? 1.0 : 1.5) : null;
            case HOT -> 1.0;
            case SPREAD -> idle ? 1.0 : null;
            case GRANT_REVOKE -> idle ? 0.8 : null;
        };
    }

    private static Judged atLeast(String target, String where, double goal, Spread ratio) {
        return new Judged(target, where, String.format(Locale.ROOT, ">= %.1fx", goal), ratio.ratioText(),
                ratio.atLeast(goal));
    }

    /** A target of a one-off run (no windows): met or missed, or not decided when {@code undecidedWhy} says why. */
    private static Judged single(String target, String where, String goal, Double measured, String unit,
                                 java.util.function.DoublePredicate met, String undecidedWhy) {
        if (measured == null || !Double.isFinite(measured)) {
            return new Judged(target, where, goal, "–", Verdict.NOT_MEASURED);
        }
        String text = Report.fmt(measured) + " " + unit + " (one run)" + (undecidedWhy == null ? "" : "; " + undecidedWhy);
        Verdict v = undecidedWhy != null ? Verdict.SMALLER_THAN_TARGET : met.test(measured) ? Verdict.MET : Verdict.MISSED;
        return new Judged(target, where, goal, text, v);
    }

    private static Double sum(Double... parts) {
        double s = 0;
        for (Double p : parts) {
            if (p == null || !Double.isFinite(p)) {
                return null;
            }
            s += p;
        }
        return s;
    }

    // ------------------------------------------------------------------ tables

    /** The handoff figures shown per group (medians over the windows). */
    static final List<String> COUNTS = List.of("member_ops_per_cycle", "client_requests_per_cycle", "wakeups_per_cycle",
            "handoffs_per_cycle", "notice_writes_per_handoff", "notice_events_per_handoff", "direct_wakes_per_handoff",
            "member_ops_per_handoff", "wakeups_per_handoff");

    void print(PrintStream out) {
        out.println();
        out.println("| topology | load | shape | figure | Leasehold | baseline | ratio per A/B pair | target | verdict |");
        out.println("|---|---|---|---|---|---|---|---|---|");
        List<Judged> judged = judge();
        for (String[] g : groups()) {
            Shape shape = Shape.valueOf(g[2]);
            Spread a = Spread.of(figures(g[0], g[1], shape, true, shape.headline));
            Spread b = Spread.of(figures(g[0], g[1], shape, false, shape.headline));
            Spread r = Spread.ofPairRatios(figures(g[0], g[1], shape, true, shape.headline),
                    figures(g[0], g[1], shape, false, shape.headline));
            Double goal = ratioGoal(g[0], g[1], shape);
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | **%s** | %s | %s |%n", g[0], g[1], shape.label,
                    shape.headline.replace('_', ' '), a.text(), b.text(), r.ratioText(),
                    goal == null ? "–" : String.format(Locale.ROOT, ">= %.1fx", goal),
                    goal == null ? "–" : verdictText(r.atLeast(goal)));
        }
        out.println();
        out.println("Counted per cycle (acquire + release, or grant + revoke) and per handoff, medians over the windows:");
        out.println();
        out.println("| topology | load | shape | impl | " + String.join(" | ",
                COUNTS.stream().map(c -> c.replace('_', ' ')).toList()) + " | FIFO overtakes % |");
        out.println("|---|---|---|---|" + "---|".repeat(COUNTS.size() + 1));
        for (String[] g : groups()) {
            Shape shape = Shape.valueOf(g[2]);
            for (boolean leasehold : new boolean[] {true, false}) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %s | %s |", g[0], g[1],
                        shape.label, leasehold ? Report.LEASEHOLD : baselineOf(shape)));
                for (String c : COUNTS) {
                    Spread s = Spread.of(figures(g[0], g[1], shape, leasehold, c));
                    line.append(' ').append(s.isEmpty() ? "–" : Report.fmt(s.median())).append(" |");
                }
                Spread fifo = Spread.of(figures(g[0], g[1], shape, leasehold, "fifo_overtake_pct"));
                line.append(' ').append(fifo.isEmpty() ? "–" : fifo.text()).append(" |");
                out.println(line);
            }
        }
        if (!expiry.rows.isEmpty()) {
            out.println();
            expiry.rows.forEach(r -> expiry.printRow(out, r));
        }
        out.println();
        out.println("| target | where | goal | measured: median (min–max) | verdict |");
        out.println("|---|---|---|---|---|");
        for (Judged j : judged) {
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", j.target(), j.where(), j.goal(), j.measured(),
                    verdictText(j.verdict()));
        }
        for (String note : failures) {
            out.println("FAILED: " + note);
        }
    }

    static String baselineOf(Shape shape) {
        return shape == Shape.GRANT_REVOKE ? Report.IMAP_LEASE : Report.IMAP;
    }

    private static String verdictText(Verdict v) {
        return switch (v) {
            case MET -> "met";
            case MISSED -> "**missed**";
            case UNDECIDED -> "**undecided**: spread crosses the target";
            case SMALLER_THAN_TARGET -> "not decided: the run was smaller than the target's";
            case NOT_MEASURED -> "not measured";
        };
    }

    // ------------------------------------------------------------------ JSON

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    ObjectNode toJson(Map<String, String> machine) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode m = root.putObject("machine");
        machine.forEach(m::put);
        ObjectNode o = root.putObject("options");
        options.forEach(o::put);
        ArrayNode ws = root.putArray("windows");
        for (Window w : windows) {
            ObjectNode n = ws.addObject();
            n.put("topology", w.topology).put("condition", w.condition).put("shape", w.shape.label)
                    .put("impl", w.impl).put("pair", w.pair);
            numbers(n.putObject("metrics"), w.metrics);
        }
        ArrayNode cs = root.putArray("comparisons");
        for (String[] g : groups()) {
            Shape shape = Shape.valueOf(g[2]);
            ObjectNode n = cs.addObject();
            n.put("topology", g[0]).put("condition", g[1]).put("shape", shape.label).put("figure", shape.headline)
                    .put("baseline", baselineOf(shape));
            List<Double> a = figures(g[0], g[1], shape, true, shape.headline);
            List<Double> b = figures(g[0], g[1], shape, false, shape.headline);
            spread(n.putObject("leasehold"), Spread.of(a));
            spread(n.putObject("baseline_figures"), Spread.of(b));
            spread(n.putObject("ratio_per_pair"), Spread.ofPairRatios(a, b));
        }
        ArrayNode ts = root.putArray("targets");
        for (Judged j : judge()) {
            ts.addObject().put("target", j.target()).put("where", j.where()).put("goal", j.goal())
                    .put("measured", j.measured()).put("verdict", j.verdict().name().toLowerCase(Locale.ROOT));
        }
        root.set("expiry", expiry.toJson().get("results"));
        ArrayNode f = root.putArray("failures");
        failures.forEach(f::add);
        return root;
    }

    void writeJson(Path file, Map<String, String> machine) throws IOException {
        JSON.writeValue(file.toFile(), toJson(machine));
    }

    private static void spread(ObjectNode n, Spread s) {
        number(n, "median", s.median());
        number(n, "min", s.min());
        number(n, "max", s.max());
        ArrayNode v = n.putArray("values");
        s.values().forEach(x -> v.add(Math.round(x * 10_000) / 10_000.0));
    }

    private static void numbers(ObjectNode node, Map<String, Double> values) {
        values.forEach((k, v) -> number(node, k, v));
    }

    private static void number(ObjectNode node, String key, double v) {
        if (!Double.isFinite(v)) {
            node.putNull(key);
        } else {
            node.put(key, Math.round(v * 10_000) / 10_000.0);
        }
    }
}
