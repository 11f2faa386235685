package io.leasehold.perf;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Every figure of a run: one {@link Row} per (scenario, topology, implementation), the ratio of each
 * Leasehold figure to the {@code IMap.lock} figure of the same scenario and topology, and the
 * targets. Written as a table, as JSON, and as an SVG chart of latency percentiles.
 */
final class Report {

    static final String LEASEHOLD = "leasehold";
    static final String IMAP = "imap.lock";

    /** One line of results. Metric names end in their unit. */
    static final class Row {
        final String scenario;
        final String topology;
        final String impl;
        final Map<String, Double> metrics = new LinkedHashMap<>();
        final List<String> notes = new ArrayList<>();
        /** The metric the table's ratio column shows, and whether higher is better. */
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

    /** Leasehold's figures divided by IMap.lock's, for the metrics both rows have. */
    Map<String, Double> ratios(Row r) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!r.impl.equals(LEASEHOLD)) {
            return out;
        }
        Row other = find(r.scenario, r.topology, IMAP);
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

    // ------------------------------------------------------------------ table

    void printTable(PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "%-22s %-11s %-10s %-14s %-8s  %s%n", "scenario", "topology", "impl", "headline",
                "vs imap", "figures");
        out.println("-".repeat(140));
        for (Row r : rows) {
            printRow(out, r);
        }
        if (!targets.isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "%-44s %-16s %-18s %-6s %s%n", "target", "goal", "measured", "met", "where");
            out.println("-".repeat(140));
            for (Target t : targets) {
                out.printf(Locale.ROOT, "%-44s %-16s %-18s %-6s %s%n", t.name, t.goal,
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
        Double ratio = r.headline == null ? null : ratios(r).get(r.headline);
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
        out.printf(Locale.ROOT, "%-22s %-11s %-10s %-14s %-8s  %s%n", r.scenario, r.topology, r.impl, headline,
                ratio == null ? "" : String.format(Locale.ROOT, "%.2fx", ratio), figures);
        for (String note : r.notes) {
            out.printf(Locale.ROOT, "%-46s note: %s%n", "", note);
        }
    }

    private static String unit(String metric) {
        int i = metric.lastIndexOf('_');
        String u = i < 0 ? "" : metric.substring(i + 1);
        return switch (u) {
            case "s" -> metric.endsWith("per_s") ? "/s" : "s";
            case "us" -> "us";
            case "ms" -> "ms";
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
        if (a >= 1_000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    // ------------------------------------------------------------------ JSON

    void writeJson(Path file) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("{\n  \"machine\": ").append(jsonMap(machine)).append(",\n");
        b.append("  \"options\": ").append(jsonMap(options)).append(",\n");
        b.append("  \"results\": [\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            b.append("    {\"scenario\": ").append(str(r.scenario))
                    .append(", \"topology\": ").append(str(r.topology))
                    .append(", \"impl\": ").append(str(r.impl))
                    .append(", \"headline\": ").append(r.headline == null ? "null" : str(r.headline))
                    .append(",\n     \"metrics\": ").append(jsonNumbers(r.metrics))
                    .append(",\n     \"ratio_to_imap_lock\": ").append(jsonNumbers(ratios(r)))
                    .append(",\n     \"notes\": ").append(jsonStrings(r.notes))
                    .append('}').append(i + 1 < rows.size() ? ",\n" : "\n");
        }
        b.append("  ],\n  \"targets\": [\n");
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            b.append("    {\"target\": ").append(str(t.name)).append(", \"goal\": ").append(str(t.goal))
                    .append(", \"measured\": ").append(num(t.measured)).append(", \"unit\": ").append(str(t.unit))
                    .append(", \"met\": ").append(Double.isNaN(t.measured) ? "null" : String.valueOf(t.met))
                    .append(", \"where\": ").append(str(t.where)).append('}')
                    .append(i + 1 < targets.size() ? ",\n" : "\n");
        }
        b.append("  ],\n  \"failures\": ").append(jsonStrings(failures));
        b.append(",\n  \"notes\": ").append(jsonStrings(notes)).append("\n}\n");
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8);
    }

    private static String jsonMap(Map<String, String> m) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, String> e : m.entrySet()) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append(str(e.getKey())).append(": ").append(str(e.getValue()));
        }
        return b.append('}').toString();
    }

    private static String jsonNumbers(Map<String, Double> m) {
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Double> e : m.entrySet()) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append(str(e.getKey())).append(": ").append(num(e.getValue()));
        }
        return b.append('}').toString();
    }

    private static String jsonStrings(List<String> list) {
        StringBuilder b = new StringBuilder("[");
        for (String s : list) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append(str(s));
        }
        return b.append(']').toString();
    }

    private static String num(Double v) {
        if (v == null || v.isNaN() || v.isInfinite()) {
            return "null";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf(v.longValue());
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : Objects.requireNonNullElse(s, "").toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    // ------------------------------------------------------------------ SVG

    /**
     * A horizontal bar chart, log scale, of the latency percentiles (p50, p99, p99.9) of every row that
     * has them: Leasehold and IMap.lock one above the other, scenario by scenario.
     */
    void writeSvg(Path file) throws IOException {
        record Bar(String label, String impl, double p50, double p99, double p999) {
        }
        List<Bar> bars = new ArrayList<>();
        for (Row r : rows) {
            for (String prefix : new String[] {"acquire", "cycle"}) {
                Double p50 = r.get(prefix + "_p50_us");
                Double p99 = r.get(prefix + "_p99_us");
                Double p999 = r.get(prefix + "_p999_us");
                if (p50 != null && p99 != null && p999 != null) {
                    bars.add(new Bar(r.scenario + " / " + r.topology + " / " + r.impl, r.impl, p50, p99, p999));
                }
            }
        }
        double min = 10;
        double max = 1_000;
        for (Bar bar : bars) {
            while (bar.p999 > max) {
                max *= 10;
            }
            while (bar.p50 < min && min > 0.1) {
                min /= 10;
            }
        }
        int left = 330;
        int width = 560;
        int rowHeight = 30;
        int top = 60;
        int height = top + bars.size() * rowHeight + 60;
        double logMin = Math.log10(min);
        double span = Math.log10(max) - logMin;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n",
                left + width + 40, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append("<text x=\"10\" y=\"20\" font-size=\"14\" font-weight=\"bold\">Acquire latency (microseconds, log scale): "
                + "p50 / p99 / p99.9</text>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"38\">%s</text>%n",
                esc("profile " + options.getOrDefault("profile", "?") + ", " + machine.getOrDefault("cpus", "?")
                        + " cpus, " + machine.getOrDefault("java", ""))));
        String[] colors = {"#9ecae1", "#4292c6", "#08519c"};
        String[] imapColors = {"#fdd0a2", "#fd8d3c", "#d94801"};
        for (int d = (int) Math.floor(logMin); d <= Math.ceil(Math.log10(max)); d++) {
            double x = left + (d - logMin) / span * width;
            s.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x, top - 5, x, top + bars.size() * rowHeight, x, top + bars.size() * rowHeight + 15,
                    label(Math.pow(10, d))));
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = top + i * rowHeight;
            String[] palette = bar.impl.equals(IMAP) ? imapColors : colors;
            double[] values = {bar.p999, bar.p99, bar.p50};
            String[] fills = {palette[2], palette[1], palette[0]};
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n",
                    left - 6, y + 18, esc(bar.label)));
            for (int k = 0; k < 3; k++) {
                double w = Math.max(1, (Math.log10(Math.max(values[k], min)) - logMin) / span * width);
                s.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\"><title>%s</title></rect>%n",
                        left, y + 4, w, fills[k], esc(bar.label + " " + new String[] {"p99.9", "p99", "p50"}[k]
                                + " = " + fmt(values[k]) + " us")));
            }
        }
        int ly = top + bars.size() * rowHeight + 35;
        String[] names = {"p50", "p99", "p99.9"};
        for (int k = 0; k < 3; k++) {
            s.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">Leasehold %s</text>%n",
                    10 + k * 120, ly, colors[k], 26 + k * 120, ly + 10, names[k]));
            s.append(String.format(Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">IMap.lock %s</text>%n",
                    380 + k * 120, ly, imapColors[k], 396 + k * 120, ly + 10, names[k]));
        }
        s.append("</svg>\n");
        Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
    }

    private static String label(double us) {
        if (us >= 1_000_000) {
            return fmt(us / 1_000_000) + " s";
        }
        if (us >= 1_000) {
            return fmt(us / 1_000) + " ms";
        }
        return fmt(us) + " us";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
