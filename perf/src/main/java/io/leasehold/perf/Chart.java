package io.leasehold.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run as one static SVG, every figure printed on it (nothing needs hovering):
 * <ol>
 *   <li>the headline: Leasehold's throughput divided by plain Hazelcast's ({@code IMap.lock}, or
 *       {@code IMap.set + delete} for grant + revoke), per scenario and topology, as bars growing
 *       left or right of 1.0× on a log scale, the ratio at the bar's end and both rates beside it;</li>
 *   <li>the targets, met or not;</li>
 *   <li>acquire (or pair) latency p50 and p99 of both implementations, log scale, values printed.</li>
 * </ol>
 */
final class Chart {

    private static final int WIDTH = 1100;
    private static final int LABEL = 250;
    private static final int AXIS = 430;
    private static final int ROW = 20;

    private Chart() {
    }

    static void write(Report report, Path file) throws IOException {
        StringBuilder body = new StringBuilder();
        int y = 20;
        text(body, 10, y, "Leasehold vs plain Hazelcast, same run, same members", "font-size=\"16\" font-weight=\"bold\"");
        y += 18;
        text(body, 10, y, "profile " + report.options.getOrDefault("profile", "?") + ", CPU hog: "
                + report.options.getOrDefault("cpu_hog", "none") + ", " + report.machine.getOrDefault("cpus", "?")
                + " CPUs, " + report.machine.getOrDefault("java", "") + ", label: "
                + report.options.getOrDefault("label", "-"), "fill=\"#555\"");
        y += 26;
        y = ratios(report, body, y);
        y += 20;
        y = targets(report, body, y);
        y += 20;
        y = latencies(report, body, y);
        String svg = String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
                        + "font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n",
                WIDTH, y + 20) + body + "</svg>\n";
        Files.writeString(file, svg, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ ratios

    private static int ratios(Report report, StringBuilder s, int y) {
        record Bar(String scenario, String topology, double ratio, double mine, double base, String unit,
                   String baseImpl) {
        }
        List<Bar> bars = new ArrayList<>();
        for (Report.Row r : report.rows) {
            Double ratio = report.headlineRatio(r);
            Report.Row base = report.baseline(r);
            if (ratio != null && base != null && r.headline.endsWith("per_s")) {
                bars.add(new Bar(r.scenario, r.topology, ratio, r.get(r.headline), base.get(r.headline),
                        Report.unit(r.headline), base.impl));
            }
        }
        text(s, 10, y, "Throughput ratio: Leasehold ÷ plain Hazelcast (1.0× = as fast; target ≥ 1.0× on every lock row)",
                "font-size=\"14\" font-weight=\"bold\"");
        y += 10;
        if (bars.isEmpty()) {
            text(s, 10, y + 16, "(no scenario with a baseline in this run)", "");
            return y + 24;
        }
        double lo = 0.1;
        double hi = 3;
        for (Bar b : bars) {
            while (b.ratio > 0 && b.ratio < lo * 1.2 && lo > 1e-4) {
                lo /= Math.sqrt(10);
            }
            while (b.ratio > hi / 1.5) {
                hi *= Math.sqrt(10);
            }
        }
        double floor = lo;
        double logLo = Math.log10(lo);
        double span = Math.log10(hi) - logLo;
        int top = y + 14;
        java.util.function.DoubleUnaryOperator x = v -> LABEL + (Math.log10(Math.max(v, floor)) - logLo) / span * AXIS;
        // Rows: a header per scenario (in the order first run), then one bar per topology.
        List<String> scenarios = new ArrayList<>();
        for (Bar b : bars) {
            if (!scenarios.contains(b.scenario)) {
                scenarios.add(b.scenario);
            }
        }
        List<Object> lines = new ArrayList<>();
        for (String scenario : scenarios) {
            lines.add(scenario);
            for (Bar b : bars) {
                if (b.scenario.equals(scenario)) {
                    lines.add(b);
                }
            }
        }
        int bottom = top + lines.size() * ROW;
        for (double tick : new double[] {1e-3, 0.01, 0.1, 0.5, 1, 2, 10, 100}) {
            if (tick < lo || tick > hi) {
                continue;
            }
            double tx = x.applyAsDouble(tick);
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"%s/>%n",
                    tx, top, tx, bottom, tick == 1 ? "#333" : "#e4e4e4", tick == 1 ? " stroke-width=\"1.5\"" : ""));
            text(s, tx, bottom + 14, (tick >= 1 ? String.valueOf((long) tick) : String.valueOf(tick)) + "×",
                    "text-anchor=\"middle\" fill=\"#555\"");
        }
        double one = x.applyAsDouble(1);
        for (int i = 0; i < lines.size(); i++) {
            int ly = top + i * ROW;
            Object line = lines.get(i);
            if (line instanceof String scenario) {
                text(s, 10, ly + 15, scenario, "font-weight=\"bold\"");
                continue;
            }
            Bar b = (Bar) line;
            text(s, LABEL - 8, ly + 15, b.topology, "text-anchor=\"end\"");
            double end = x.applyAsDouble(b.ratio);
            double bx = Math.min(one, end);
            double bw = Math.max(1.5, Math.abs(end - one));
            String fill = b.ratio >= 1 ? "#31a354" : "#e6550d";
            s.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n", bx, ly + 3, bw, ROW - 6, fill));
            double tx = b.ratio >= 1 ? end + 5 : one + 5;
            text(s, tx, ly + 15, ratio(b.ratio), "font-weight=\"bold\"");
            text(s, LABEL + AXIS + 60, ly + 15, Report.fmt(b.mine) + " vs " + Report.fmt(b.base) + " " + b.unit
                    + (b.baseImpl.equals(Report.IMAP) ? "" : "  (" + b.baseImpl + ")"), "fill=\"#333\"");
        }
        text(s, LABEL + AXIS + 60, top - 2, "Leasehold vs baseline", "fill=\"#555\" font-style=\"italic\"");
        return bottom + 24;
    }

    static String ratio(double r) {
        if (r >= 10) {
            return String.format(Locale.ROOT, "%.0f×", r);
        }
        if (r >= 0.1) {
            return String.format(Locale.ROOT, "%.2f×", r);
        }
        return String.format(Locale.ROOT, "%.3f×", r);
    }

    // ------------------------------------------------------------------ targets

    private static int targets(Report report, StringBuilder s, int y) {
        text(s, 10, y, "Targets", "font-size=\"14\" font-weight=\"bold\"");
        y += 6;
        int[] cols = {10, 410, 560, 690, 735};
        String[] heads = {"target", "goal", "measured", "met", "where"};
        y += ROW;
        for (int c = 0; c < cols.length; c++) {
            text(s, cols[c], y, heads[c], "fill=\"#555\" font-style=\"italic\"");
        }
        for (Report.Target t : report.targets) {
            y += ROW - 2;
            boolean measured = !Double.isNaN(t.measured());
            text(s, cols[0], y, t.name(), "");
            text(s, cols[1], y, t.goal(), "");
            text(s, cols[2], y, measured ? Report.fmt(t.measured()) + " " + t.unit() : "n/a", "font-weight=\"bold\"");
            text(s, cols[3], y, !measured ? "–" : t.met() ? "yes" : "NO",
                    "font-weight=\"bold\" fill=\"" + (!measured ? "#555" : t.met() ? "#31a354" : "#e6550d") + "\"");
            text(s, cols[4], y, t.where(), "fill=\"#333\"");
        }
        return y + 10;
    }

    // ------------------------------------------------------------------ latency

    private static int latencies(Report report, StringBuilder s, int y) {
        record Bar(String label, String impl, double p50, double p99) {
        }
        List<Bar> bars = new ArrayList<>();
        for (Report.Row r : report.rows) {
            for (String prefix : new String[] {"acquire", "pair"}) {
                Double p50 = r.get(prefix + "_p50_us");
                Double p99 = r.get(prefix + "_p99_us");
                if (p50 != null && p99 != null) {
                    bars.add(new Bar(r.scenario + " / " + r.topology + " / " + r.impl, r.impl, p50, p99));
                }
            }
        }
        text(s, 10, y, "Latency (" + "acquire; grant+revoke pair), microseconds, log scale: p50 (light) and p99 (dark)",
                "font-size=\"14\" font-weight=\"bold\"");
        if (bars.isEmpty()) {
            return y + 10;
        }
        double min = 10;
        double max = 1_000;
        for (Bar b : bars) {
            while (b.p99 > max) {
                max *= 10;
            }
            while (b.p50 > 0 && b.p50 < min && min > 0.1) {
                min /= 10;
            }
        }
        int left = 330;
        int width = 500;
        int top = y + 12;
        int rowHeight = 18;
        int bottom = top + bars.size() * rowHeight;
        double logMin = Math.log10(min);
        double span = Math.log10(max) - logMin;
        for (int d = (int) Math.floor(logMin); d <= Math.ceil(Math.log10(max)); d++) {
            double x = left + (d - logMin) / span * width;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e4e4e4\"/>%n",
                    x, top, x, bottom));
            text(s, x, bottom + 14, micros(Math.pow(10, d)), "text-anchor=\"middle\" fill=\"#555\"");
        }
        for (int i = 0; i < bars.size(); i++) {
            Bar b = bars.get(i);
            int by = top + i * rowHeight;
            boolean base = !b.impl.equals(Report.LEASEHOLD);
            text(s, left - 6, by + 13, b.label, "text-anchor=\"end\"" + (base ? " fill=\"#8c4a00\"" : ""));
            double w99 = Math.max(1, (Math.log10(Math.max(b.p99, min)) - logMin) / span * width);
            double w50 = Math.max(1, (Math.log10(Math.max(b.p50, min)) - logMin) / span * width);
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    left, by + 2, w99, rowHeight - 4, base ? "#fd8d3c" : "#2171b5"));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>%n",
                    left, by + 2, w50, rowHeight - 4, base ? "#fdd0a2" : "#9ecae1"));
            text(s, left + w99 + 5, by + 13, "p50 " + micros(b.p50) + " · p99 " + micros(b.p99), "fill=\"#333\"");
        }
        return bottom + 24;
    }

    private static String micros(double us) {
        if (us >= 1_000_000) {
            return Report.fmt(us / 1_000_000) + " s";
        }
        if (us >= 1_000) {
            return Report.fmt(us / 1_000) + " ms";
        }
        return Report.fmt(us) + " µs";
    }

    // ------------------------------------------------------------------ helpers

    private static void text(StringBuilder s, double x, double y, String text, String attributes) {
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" %s>%s</text>%n", x, y, attributes, esc(text)));
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
