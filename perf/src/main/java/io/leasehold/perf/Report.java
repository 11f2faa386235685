package io.leasehold.perf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every figure of a run: one {@link Row} per (scenario, topology, implementation), the ratio of each
 * Leasehold figure to the plain-Hazelcast figure of the same scenario and topology ({@code IMap.lock},
 * or {@code IMap.set + delete} for grant + revoke), and the targets. Written as a table, as JSON
 * (Jackson), and as an SVG chart ({@link Chart}).
 */
final class Report {

    static final String LEASEHOLD = "leasehold";
    static final String IMAP = "imap.lock";
    /** The plain-Hazelcast counterpart of grant + revoke. */
    static final String IMAP_LEASE = "imap.set+delete";

    /** One line of results. Metric names end in their unit. */
    static final class Row {
        final String scenario;
        final String topology;
        final String impl;
        final Map<String, Double> metrics = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();
        /** The metric the table's ratio column shows (higher is better unless it ends in a time unit). */
        String headline;

        Row(String scenario, String topology, String impl) {
            this.scenario = scenario;
            this.topology = topology;
            this.impl = impl;
        }

        Row put(String name, double value) {
            metrics.put(name, value);
            return this;
        }

        Row latency(String prefix, Histogram h) {
            if (h.getTotalCount() == 0) {
                return this;
            }
            put(prefix + "_p50_us", h.getValueAtPercentile(50) / 1e3);
            put(prefix + "_p99_us", h.getValueAtPercentile(99) / 1e3);
            put(prefix + "_p999_us", h.getValueAtPercentile(99.9) / 1e3);
            put(prefix + "_max_us", h.getMaxValue() / 1e3);
            return this;
        }

        Row headline(String metric) {
            headline = metric;
            return this;
        }

        Row note(String note) {
            notes.add(note);
            return this;
        }

        Double get(String metric) {
            return metrics.get(metric);
        }
    }

    /** A target of the issue, measured (NaN when not measured in this run). */
    record Target(String name, String goal, double measured, String unit, boolean met, String where) {
    }

    final Map<String, String> machine = new LinkedHashMap<>();
    final Map<String, String> options = new LinkedHashMap<>();
    final List<Row> rows = new ArrayList<>();
    final List<Target> targets = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    /** Scenarios that threw instead of finishing. */
    final List<String> failures = new ArrayList<>();

    Row row(String scenario, String topology, String impl) {
        Row r = new Row(scenario, topology, impl);
        synchronized (rows) {
            rows.add(r);
        }
        return r;
    }

    Row find(String scenario, String topology, String impl) {
        synchronized (rows) {
            for (Row r : rows) {
                if (r.scenario.equals(scenario) && r.topology.equals(topology) && r.impl.equals(impl)) {
                    return r;
                }
            }
        }
        return null;
    }

    /** The plain-Hazelcast row of the same scenario and topology as a Leasehold row, or null. */
    Row baseline(Row r) {
        if (!r.impl.equals(LEASEHOLD)) {
            return null;
        }
        synchronized (rows) {
            for (Row o : rows) {
                if (o != r && o.scenario.equals(r.scenario) && o.topology.equals(r.topology)
                        && !o.impl.equals(LEASEHOLD)) {
                    return o;
                }
            }
        }
        return null;
    }

    /** Leasehold's figures divided by the baseline's, for the metrics both rows have. */
    Map<String, Double> ratios(Row r) {
        Map<String, Double> out = new LinkedHashMap<>();
        Row other = baseline(r);
        if (other == null) {
            return out;
        }
        for (Map.Entry<String, Double> e : r.metrics.entrySet()) {
            Double o = other.metrics.get(e.getKey());
            if (o != null && o != 0 && Double.isFinite(o) && Double.isFinite(e.getValue())) {
                out.put(e.getKey(), e.getValue() / o);
            }
        }
        return out;
    }

    /** The headline ratio of a Leasehold row (its throughput over the baseline's), or null. */
    Double headlineRatio(Row r) {
        return r.headline == null ? null : ratios(r).get(r.headline);
    }

    // ------------------------------------------------------------------ table

    void printTable(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%-24s %-11s %-16s %-14s %-8s  %s%n", "scenario", "topology", "impl", "headline",
                "vs base", "figures");
        out.println("-".repeat(140));
        for (Row r : rows) {
            printRow(out, r);
        }
        if (!targets.isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "%-52s %-12s %-18s %-6s %s%n", "target", "goal", "measured", "met", "where");
            out.println("-".repeat(140));
            for (Target t : targets) {
                out.printf(Locale.ROOT, "%-52s %-12s %-18s %-6s %s%n", t.name, t.goal,
                        Double.isNaN(t.measured) ? "n/a" : fmt(t.measured) + " " + t.unit,
                        Double.isNaN(t.measured) ? "-" : t.met ? "yes" : "NO", t.where);
            }
        }
        for (String note : notes) {
            out.println("note: " + note);
        }
    }

    /** One row of the table (also printed as each scenario finishes, so a cut-short run keeps its figures). */
    void printRow(PrintStream out, Row r) {
        String headline = r.headline == null ? "" : fmt(r.get(r.headline)) + " " + unit(r.headline);
        Double ratio = headlineRatio(r);
        StringBuilder figures = new StringBuilder();
        for (Map.Entry<String, Double> e : r.metrics.entrySet()) {
            if (e.getKey().equals(r.headline)) {
                continue;
            }
            if (figures.length() > 0) {
                figures.append(' ');
            }
            figures.append(e.getKey()).append('=').append(fmt(e.getValue()));
        }
        out.printf(Locale.ROOT, "%-24s %-11s %-16s %-14s %-8s  %s%n", r.scenario, r.topology, r.impl, headline,
                ratio == null ? "" : String.format(Locale.ROOT, "%.2fx", ratio), figures);
        for (String note : r.notes) {
            out.printf(Locale.ROOT, "%-54s note: %s%n", "", note);
        }
    }

    static String unit(String metric) {
        int i = metric.lastIndexOf('_');
        String u = i < 0 ? "" : metric.substring(i + 1);
        return switch (u) {
            case "s" -> metric.endsWith("per_s") ? "/s" : "s";
            case "us" -> "us";
            case "ms" -> "ms";
            case "pct" -> "%";
            default -> "";
        };
    }

    static String fmt(Double v) {
        if (v == null) {
            return "-";
        }
        if (Double.isInfinite(v)) {
            return "inf";
        }
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (v == Math.rint(v) && a < 1e15) {
            return String.format(Locale.ROOT, "%,d", v.longValue());
        }
        if (a >= 1_000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    // ------------------------------------------------------------------ JSON

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The whole report as a JSON tree: NaN and infinities become null. */
    ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode m = root.putObject("machine");
        machine.forEach(m::put);
        ObjectNode o = root.putObject("options");
        options.forEach(o::put);
        ArrayNode results = root.putArray("results");
        synchronized (rows) {
            for (Row r : rows) {
                ObjectNode n = results.addObject();
                n.put("scenario", r.scenario);
                n.put("topology", r.topology);
                n.put("impl", r.impl);
                n.put("headline", r.headline);
                numbers(n.putObject("metrics"), r.metrics);
                Row base = baseline(r);
                n.put("baseline", base == null ? null : base.impl);
                numbers(n.putObject("ratio_to_baseline"), ratios(r));
                ArrayNode notesNode = n.putArray("notes");
                r.notes.forEach(notesNode::add);
            }
        }
        ArrayNode t = root.putArray("targets");
        for (Target target : targets) {
            ObjectNode n = t.addObject();
            n.put("target", target.name());
            n.put("goal", target.goal());
            number(n, "measured", target.measured());
            n.put("unit", target.unit());
            if (Double.isNaN(target.measured())) {
                n.putNull("met");
            } else {
                n.put("met", target.met());
            }
            n.put("where", target.where());
        }
        ArrayNode f = root.putArray("failures");
        failures.forEach(f::add);
        ArrayNode nn = root.putArray("notes");
        notes.forEach(nn::add);
        return root;
    }

    void writeJson(Path file) throws IOException {
        JSON.writeValue(file.toFile(), toJson());
    }

    /** A report read back from its JSON (to chart an earlier run); its targets evaluated afresh. */
    static Report readJson(Path file) throws IOException {
        com.fasterxml.jackson.databind.JsonNode root = JSON.readTree(file.toFile());
        Report report = new Report();
        root.path("machine").fields().forEachRemaining(e -> report.machine.put(e.getKey(), e.getValue().asText()));
        root.path("options").fields().forEachRemaining(e -> report.options.put(e.getKey(), e.getValue().asText()));
        for (com.fasterxml.jackson.databind.JsonNode n : root.path("results")) {
            Row r = report.row(n.get("scenario").asText(), n.get("topology").asText(), n.get("impl").asText());
            if (!n.path("headline").isNull()) {
                r.headline(n.path("headline").asText());
            }
            n.path("metrics").fields().forEachRemaining(e -> r.put(e.getKey(),
                    e.getValue().isNumber() ? e.getValue().asDouble() : Double.NaN));
            n.path("notes").forEach(x -> r.note(x.asText()));
        }
        // Targets are evaluated again from the rows, so runs of different dates are judged alike.
        Targets.evaluate(report);
        root.path("failures").forEach(x -> report.failures.add(x.asText()));
        root.path("notes").forEach(x -> report.notes.add(x.asText()));
        return report;
    }

    private static void numbers(ObjectNode node, Map<String, Double> values) {
        values.forEach((k, v) -> number(node, k, v));
    }

    private static void number(ObjectNode node, String key, Double v) {
        if (v == null || v.isNaN() || v.isInfinite()) {
            node.putNull(key);
        } else if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            node.put(key, v.longValue());
        } else {
            node.put(key, Math.round(v * 10_000) / 10_000.0);
        }
    }

    // ------------------------------------------------------------------ SVG

    void writeSvg(Path file) throws IOException {
        Chart.write(this, file);
    }
}
