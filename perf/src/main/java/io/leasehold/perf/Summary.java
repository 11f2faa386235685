package io.leasehold.perf;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code summarize}: reads the JSON of one or more runs and prints one Markdown table of the
 * headline figures — Leasehold, the baseline, and the ratio — as the median of the runs and their
 * spread (min–max), so "the spread of three runs" is one command. Also every target's result per run.
 */
@Command(name = "summarize", mixinStandardHelpOptions = true,
        description = "Markdown table of the headline figures of one or more --json results: median and min-max.")
final class Summary implements Callable<Integer> {

    @Parameters(paramLabel = "RUN.json", arity = "1..*", description = "JSON files written by --json.")
    List<Path> runs;

    @Override
    public Integer call() throws IOException {
        print(runs, System.out);
        return 0;
    }

    static void print(List<Path> files, PrintStream out) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        for (Path f : files) {
            // Targets judged afresh from the rows, so runs of different dates are judged alike.
            docs.add(Report.readJson(f).toJson());
        }
        // key: scenario | topology -> figures per run
        Map<String, List<double[]>> rows = new LinkedHashMap<>();
        Map<String, String> headlines = new LinkedHashMap<>();
        for (JsonNode doc : docs) {
            for (JsonNode r : doc.get("results")) {
                if (!r.get("impl").asText().equals(Report.LEASEHOLD) || r.get("headline").isNull()) {
                    continue;
                }
                String headline = r.get("headline").asText();
                String key = r.get("scenario").asText() + " | " + r.get("topology").asText();
                double mine = number(r.get("metrics").get(headline));
                double ratio = number(r.get("ratio_to_baseline").get(headline));
                double base = Double.NaN;
                if (!r.get("baseline").isNull()) {
                    for (JsonNode o : doc.get("results")) {
                        if (o.get("scenario").equals(r.get("scenario")) && o.get("topology").equals(r.get("topology"))
                                && o.get("impl").equals(r.get("baseline"))) {
                            base = number(o.get("metrics").get(headline));
                        }
                    }
                }
                rows.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {mine, base, ratio});
                headlines.put(key, headline);
            }
        }
        out.printf(Locale.ROOT, "Runs: %d (%s)%n%n", docs.size(), label(docs));
        out.println("| scenario | topology | figure | Leasehold | baseline | ratio |");
        out.println("|---|---|---|---|---|---|");
        for (Map.Entry<String, List<double[]>> e : rows.entrySet()) {
            String[] parts = e.getKey().split(" \\| ");
            List<double[]> v = e.getValue();
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", parts[0], parts[1],
                    headlines.get(e.getKey()).replace('_', ' '),
                    spread(v, 0, false), spread(v, 1, false), spread(v, 2, true));
        }
        out.println();
        out.println("| target | goal | where | " + String.join(" | ", runLabels(docs.size())) + " |");
        out.println("|---|---|---|" + "---|".repeat(docs.size()));
        Map<String, String[]> targets = new LinkedHashMap<>();
        for (int d = 0; d < docs.size(); d++) {
            for (JsonNode t : docs.get(d).get("targets")) {
                String key = t.get("target").asText() + " | " + t.get("goal").asText() + " | " + t.get("where").asText();
                String[] cells = targets.computeIfAbsent(key, k -> new String[docs.size()]);
                double m = number(t.get("measured"));
                cells[d] = Double.isNaN(m) ? "n/a" : (Report.fmt(m) + " " + t.get("unit").asText()).trim()
                        + (t.get("met").asBoolean() ? " ✓" : " ✗");
            }
        }
        for (Map.Entry<String, String[]> e : targets.entrySet()) {
            StringBuilder b = new StringBuilder("| " + e.getKey().replace("|", "\\|").replace(" \\| ", " | "));
            for (String c : e.getValue()) {
                b.append(" | ").append(c == null ? "–" : c);
            }
            out.println(b.append(" |"));
        }
    }

    private static List<String> runLabels(int n) {
        List<String> l = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            l.add("run " + i);
        }
        return l;
    }

    private static String label(List<JsonNode> docs) {
        List<String> labels = new ArrayList<>();
        for (JsonNode d : docs) {
            JsonNode o = d.get("options");
            labels.add(o.path("profile").asText() + ", hog " + o.path("cpu_hog").asText() + ", "
                    + o.path("label").asText());
        }
        return String.join("; ", labels);
    }

    /** "median (min–max)" of column {@code c}, or just the value for one run. */
    private static String spread(List<double[]> rows, int c, boolean ratio) {
        List<Double> v = new ArrayList<>();
        for (double[] r : rows) {
            if (!Double.isNaN(r[c])) {
                v.add(r[c]);
            }
        }
        if (v.isEmpty()) {
            return "–";
        }
        Collections.sort(v);
        double median = v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
        String m = ratio ? String.format(Locale.ROOT, "%.2f×", median) : Report.fmt(median);
        if (v.size() == 1) {
            return ratio ? "**" + m + "**" : m;
        }
        String lo = ratio ? String.format(Locale.ROOT, "%.2f", v.get(0)) : Report.fmt(v.get(0));
        String hi = ratio ? String.format(Locale.ROOT, "%.2f", v.get(v.size() - 1)) : Report.fmt(v.get(v.size() - 1));
        return (ratio ? "**" + m + "**" : m) + " (" + lo + "–" + hi + ")";
    }

    private static double number(JsonNode n) {
        return n == null || n.isNull() || !n.isNumber() ? Double.NaN : n.asDouble();
    }

    /** {@code chart RUN.json OUT.svg}: draws the chart of an earlier run from its JSON. */
    @Command(name = "chart", mixinStandardHelpOptions = true, description = "Draw the SVG chart of a --json result.")
    static final class ChartCommand implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "RUN.json")
        Path run;

        @Parameters(index = "1", paramLabel = "OUT.svg")
        Path svg;

        @Override
        public Integer call() throws IOException {
            Report.readJson(run).writeSvg(svg);
            System.out.println("SVG written to " + svg);
            return 0;
        }
    }
}
