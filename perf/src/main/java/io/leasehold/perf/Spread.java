package io.leasehold.perf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The median and the range (min–max) of a few figures, one per window, and the verdict of a target
 * against them: met when every window meets it, missed when none does, undecided when the range
 * crosses it (the windows disagree, so this run decides nothing).
 *
 * @param values the figures, NaN left out, in window order
 */
record Spread(List<Double> values, double median, double min, double max) {

    enum Verdict {
        MET("met"), MISSED("missed"), UNDECIDED("undecided (spread crosses the target)"),
        SMALLER_THAN_TARGET("not decided (the run was smaller than the target's)"), NOT_MEASURED("not measured");

        final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    static Spread of(List<Double> figures) {
        List<Double> v = new ArrayList<>();
        for (Double d : figures) {
            if (d != null && Double.isFinite(d)) {
                v.add(d);
            }
        }
        if (v.isEmpty()) {
            return new Spread(List.of(), Double.NaN, Double.NaN, Double.NaN);
        }
        List<Double> sorted = new ArrayList<>(v);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(List.copyOf(v), median, sorted.get(0), sorted.get(n - 1));
    }

    /**
     * The ratio of each adjacent A/B pair, {@code a[i] / b[i]} (pairs with a missing or zero B are left
     * out): the ratio's spread is that of these, not the ratio of two medians.
     */
    static Spread ofPairRatios(List<Double> a, List<Double> b) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Double x = a.get(i);
            Double y = b.get(i);
            if (x != null && y != null && Double.isFinite(x) && Double.isFinite(y) && y != 0) {
                ratios.add(x / y);
            }
        }
        return of(ratios);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    /** Judged against "at least {@code goal}". */
    Verdict atLeast(double goal) {
        if (isEmpty()) {
            return Verdict.NOT_MEASURED;
        }
        return min >= goal ? Verdict.MET : max < goal ? Verdict.MISSED : Verdict.UNDECIDED;
    }

    /** Judged against "at most {@code goal}". */
    Verdict atMost(double goal) {
        if (isEmpty()) {
            return Verdict.NOT_MEASURED;
        }
        return max <= goal ? Verdict.MET : min > goal ? Verdict.MISSED : Verdict.UNDECIDED;
    }

    /** "median (min–max)", figures as {@link Report#fmt}. */
    String text() {
        if (isEmpty()) {
            return "–";
        }
        return Report.fmt(median) + " (" + Report.fmt(min) + "–" + Report.fmt(max) + ")";
    }

    /** "0.52× (0.43–0.61)". */
    String ratioText() {
        if (isEmpty()) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f× (%.2f–%.2f)", median, min, max);
    }
}
