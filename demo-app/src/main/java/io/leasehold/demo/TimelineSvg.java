package io.leasehold.demo;

import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Draws a run's {@link Timeline} as an SVG picture ({@code --svg FILE}), with JFreeSVG's
 * {@code Graphics2D}: one lane per lock, time running left to right.
 *
 * <p>Each lane, in its own box, has a band of throughput (acquisitions per second in bins of a tenth
 * of a second, one height scale for all lanes; a gap is a time nobody took the lock) and above it the
 * trouble of that lock: a stalled holder's span, dashed, to its late write, and a red cross where the
 * ledger refused that write; a dead holder's span, grey, to a green triangle where the cluster handed
 * the lock to someone else; a yellow diamond where a holder was told it may have lost the lock. When a
 * lock stops while another lock's holder is stalled or dead, the gap says why: the workers are queued
 * behind that lock. A member kill is a dashed vertical line across all lanes. The legend shows only
 * what happened in the run. The picture is grouped for scripts: {@code <g id="lane-lock-0">},
 * {@code holds-lock-0}, {@code stall-1}, {@code refused-1}, {@code died-1}, {@code reclaim-1},
 * {@code lock-lost-1}, {@code let-through-1}, {@code queued-1}, {@code kill-1}, and every mark has a
 * title (a tooltip in a browser).
 */
final class TimelineSvg {

    static final double WIDTH = 1200;
    private static final double LEFT = 130;
    private static final double RIGHT = 30;
    private static final double TOP = 64;
    private static final double ROW = 17;
    private static final double HOLD_ROW = 22;
    private static final double LANE_GAP = 14;
    private static final double CHAR = 6.1;
    /** Width of one throughput bin, in seconds. */
    private static final double BIN_SECONDS = 0.1;
    /** An idle stretch shorter than this is not explained. */
    private static final double MIN_IDLE_SECONDS = 0.3;
    private static final Color BAND = new Color(0x3b6ea8);
    private static final Color LANE = new Color(0xfafafa);
    private static final Color LANE_BORDER = new Color(0xd0d0d0);
    private static final Color QUEUED = new Color(0x888888);
    private static final Color STALLED = new Color(0x17becf);
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    private static final Font BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Color DEAD = new Color(0x444444);
    private static final Color REFUSED = new Color(0xd62728);
    private static final Color RECLAIM = new Color(0x1a7f37);
    private static final Color LOST = new Color(0xe0b000);
    private static final Color GRID = new Color(0xe4e4e4);

    /** Something drawn above a lane's holds, placed in the first row where it fits. */
    private record Item(String id, double x0, double x1, double labelX, String label, String title,
                        Timeline.Hold span, Timeline.Mark mark, boolean queued) {
        double start() {
            return Math.min(x0, labelX);
        }

        double end() {
            return Math.max(x1, labelX + label.length() * CHAR) + 6;
        }
    }

    private final Timeline timeline;
    private final long startNanos;
    private final double seconds;
    private final double plotWidth = WIDTH - LEFT - RIGHT;
    private final Map<String, Integer> counters = new TreeMap<>();
    private final int bins;
    /** Acquisitions per bin of each lock, and the most in any bin of any lock (the band's full height). */
    private final Map<String, int[]> rates = new LinkedHashMap<>();
    private int maxPerBin = 1;

    private TimelineSvg(Timeline timeline) {
        this.timeline = timeline;
        this.startNanos = timeline.startNanos();
        this.seconds = Math.max(1e-3, (timeline.endNanos() - startNanos) / 1e9);
        this.bins = Math.max(1, (int) Math.ceil(seconds / BIN_SECONDS));
        for (Timeline.Hold h : timeline.holds()) {
            if (h.kind() != Timeline.HoldKind.NORMAL) {
                continue;
            }
            int[] counts = rates.computeIfAbsent(h.lock(), k -> new int[bins]);
            int b = bin(h.startNanos());
            counts[b]++;
            maxPerBin = Math.max(maxPerBin, counts[b]);
        }
    }

    private int bin(long nanos) {
        return Math.min(bins - 1, Math.max(0, (int) (t(nanos) / BIN_SECONDS)));
    }

    /** The picture of one run, as an SVG document. */
    static String draw(DemoRun run, Side leasehold, Side imap, Summary summary) {
        Map<String, String> lanes = new LinkedHashMap<>();
        leasehold.locks.keySet().forEach(l -> lanes.put(l, l));
        if (imap != null) {
            imap.locks.keySet().forEach(l -> lanes.put(l, l + " (IMap)"));
        }
        String title = String.format(Locale.ROOT, "Leasehold demo: %s, %.1f s, %d workers. %s",
                run.topology.describe(), summary.report.durationSeconds(), summary.report.workers(), summary.verdict());
        return draw(run.timeline, lanes, title);
    }

    /** The picture of a timeline; {@code lanes} maps each lock to the label of its lane, in order. */
    static String draw(Timeline timeline, Map<String, String> lanes, String title) {
        return new TimelineSvg(timeline).render(lanes, title);
    }

    private String render(Map<String, String> lanes, String title) {
        List<Timeline.Hold> holds = timeline.holds();
        List<Timeline.Mark> marks = timeline.marks();
        Map<String, List<Item>> items = new LinkedHashMap<>();
        for (String lock : lanes.keySet()) {
            items.put(lock, items(lock, holds, marks));
        }
        Map<String, List<List<Item>>> rows = new LinkedHashMap<>();
        double height = TOP;
        for (String lock : lanes.keySet()) {
            List<List<Item>> r = pack(items.get(lock));
            rows.put(lock, r);
            height += Math.max(1, r.size()) * ROW + HOLD_ROW + LANE_GAP;
        }
        double lanesBottom = height;
        height += 34 + 60;

        SVGGraphics2D g = new SVGGraphics2D(WIDTH, height);
        g.setPaint(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, WIDTH, height));
        g.setFont(BOLD);
        g.setPaint(Color.BLACK);
        g.drawString(title, 12, 22);
        g.setFont(FONT);
        g.setPaint(new Color(0x555555));
        g.drawString(String.format(Locale.ROOT, "One lane per lock. Band: acquisitions per second (full height %.0f/s;"
                + " a gap: nobody took the lock). Above it: that lock's trouble and what the cluster and the fence"
                + " did about it.", maxPerBin / BIN_SECONDS), 12, 42);
        double y = TOP;
        for (Map.Entry<String, String> lane : lanes.entrySet()) {
            String lock = lane.getKey();
            List<List<Item>> laneRows = rows.get(lock);
            double troubleHeight = Math.max(1, laneRows.size()) * ROW;
            g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, "lane-" + lock);
            Rectangle2D box = new Rectangle2D.Double(4, y - 3, WIDTH - 8, troubleHeight + HOLD_ROW + 6);
            g.setPaint(LANE);
            g.fill(box);
            g.setPaint(LANE_BORDER);
            g.draw(box);
            g.setFont(FONT);
            g.setPaint(Color.BLACK);
            g.drawString(lane.getValue(), 10, (float) (y + troubleHeight + HOLD_ROW - 7));
            for (int r = 0; r < laneRows.size(); r++) {
                for (Item item : laneRows.get(r)) {
                    drawItem(g, item, y + r * ROW);
                }
            }
            drawHolds(g, lock, holds, y + troubleHeight);
            g.setRenderingHint(SVGHints.KEY_END_GROUP, "lane-" + lock);
            y += troubleHeight + HOLD_ROW + LANE_GAP;
        }
        axis(g, TOP - 6, lanesBottom);
        for (Timeline.Mark m : marks) {
            if (m.kind() == Timeline.MarkKind.KILL) {
                drawKill(g, m, TOP - 6, lanesBottom);
            }
        }
        legend(g, holds, marks, items, lanesBottom + 34);
        return g.getSVGDocument();
    }

    private List<Item> items(String lock, List<Timeline.Hold> holds, List<Timeline.Mark> marks) {
        List<Item> items = new ArrayList<>();
        for (Timeline.Hold h : holds) {
            if (!h.lock().equals(lock) || h.kind() == Timeline.HoldKind.NORMAL) {
                continue;
            }
            double x0 = x(h.startNanos());
            double x1 = Math.max(x0 + 2, x(h.endNanos()));
            double pause = (h.endNanos() - h.startNanos()) / 1e9;
            if (h.kind() == Timeline.HoldKind.STALLED) {
                items.add(new Item(next("stall"), x0, x1, Math.min(x0 + 3, WIDTH - 4 - 16 * CHAR), h.holder() + " stalled",
                        String.format(Locale.ROOT, "%s took %s at %.2f s, paused (its lease ran out meanwhile) and "
                                + "wrote late at %.2f s", h.holder(), lock, t(h.startNanos()), t(h.endNanos())),
                        h, null, false));
            } else {
                items.add(new Item(next("died"), x0, x1, Math.min(x0 + 3, WIDTH - 4 - 14 * CHAR), h.holder() + " died",
                        String.format(Locale.ROOT, "%s died holding %s at %.2f s; nobody could take it for %.2f s",
                                h.holder(), lock, t(h.startNanos()), pause), h, null, false));
            }
        }
        for (Timeline.Mark m : marks) {
            if (!lock.equals(m.lock()) || m.kind() == Timeline.MarkKind.STALL) {
                continue;
            }
            double x = x(m.atNanos());
            String prefix = switch (m.kind()) {
                case REFUSED -> "refused";
                case LET_THROUGH -> "let-through";
                case LOCK_LOST -> "lock-lost";
                case RECLAIM -> "reclaim";
                default -> "mark";
            };
            String label = m.kind() == Timeline.MarkKind.LOCK_LOST ? "" : m.label();
            double labelX = x + 8 + label.length() * CHAR > WIDTH - 4 ? x - 8 - label.length() * CHAR : x + 8;
            items.add(new Item(next(prefix), x - 5, x + 5, labelX, label,
                    String.format(Locale.ROOT, "%.2f s: %s", t(m.atNanos()), m.label()), null, m, false));
        }
        items.addAll(queued(lock, holds));
        items.sort(Comparator.comparingDouble(Item::start));
        return items;
    }

    /** Greedy interval packing: each item in the first row whose last item ends before it starts. */
    private static List<List<Item>> pack(List<Item> items) {
        List<List<Item>> rows = new ArrayList<>();
        List<Double> ends = new ArrayList<>();
        for (Item item : items) {
            int r = 0;
            while (r < rows.size() && ends.get(r) > item.start()) {
                r++;
            }
            if (r == rows.size()) {
                rows.add(new ArrayList<>());
                ends.add(0.0);
            }
            rows.get(r).add(item);
            ends.set(r, item.end());
        }
        return rows;
    }

    private void drawItem(SVGGraphics2D g, Item item, double rowTop) {
        g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, item.id());
        g.setRenderingHint(SVGHints.KEY_ELEMENT_TITLE, item.title());
        double mid = rowTop + ROW / 2;
        if (item.queued()) {
            Rectangle2D box = new Rectangle2D.Double(item.x0(), rowTop + 2, item.x1() - item.x0(), ROW - 4);
            g.setPaint(new Color(0xececec));
            g.fill(box);
            g.setPaint(QUEUED);
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{2, 2}, 0));
            g.draw(box);
            g.setStroke(new BasicStroke(1));
        } else if (item.span() != null) {
            Rectangle2D box = new Rectangle2D.Double(item.x0(), rowTop + 2, item.x1() - item.x0(), ROW - 4);
            boolean stalled = item.span().kind() == Timeline.HoldKind.STALLED;
            Color c = stalled ? STALLED : DEAD;
            g.setPaint(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
            g.fill(box);
            g.setPaint(c);
            g.setStroke(stalled ? new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[]{4, 3}, 0) : new BasicStroke(1.2f));
            g.draw(box);
            g.setStroke(new BasicStroke(1));
        } else {
            double x = (item.x0() + item.x1()) / 2;
            switch (item.mark().kind()) {
                case REFUSED -> {
                    g.setPaint(REFUSED);
                    g.setStroke(new BasicStroke(2.2f));
                    g.draw(new Line2D.Double(x - 4, mid - 4, x + 4, mid + 4));
                    g.draw(new Line2D.Double(x - 4, mid + 4, x + 4, mid - 4));
                    g.setStroke(new BasicStroke(1));
                }
                case LET_THROUGH -> {
                    g.setPaint(REFUSED);
                    g.fill(new Ellipse2D.Double(x - 5, mid - 5, 10, 10));
                    g.setPaint(Color.WHITE);
                    g.fill(new Rectangle2D.Double(x - 1, mid - 3.5, 2, 4.5));
                    g.fill(new Rectangle2D.Double(x - 1, mid + 2, 2, 1.5));
                }
                case RECLAIM -> {
                    g.setPaint(RECLAIM);
                    g.fill(triangle(x, mid));
                }
                default -> {
                    g.setPaint(LOST);
                    g.fill(diamond(x, mid));
                    g.setPaint(new Color(0x8a6d00));
                    g.draw(diamond(x, mid));
                }
            }
        }
        if (!item.label().isEmpty()) {
            g.setFont(SMALL);
            g.setPaint(Color.BLACK);
            g.drawString(item.label(), (float) item.labelX(), (float) (mid + 3.5));
        }
        g.setRenderingHint(SVGHints.KEY_END_GROUP, item.id());
    }

    /**
     * The band of one lane: acquisitions per second in bins of {@value #BIN_SECONDS} s, as bars from the
     * bottom of the row, one scale for every lane, so a lock that slows down is seen to, and one that
     * stops leaves a gap.
     */
    private void drawHolds(SVGGraphics2D g, String lock, List<Timeline.Hold> holds, double top) {
        g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, "holds-" + lock);
        g.setPaint(new Color(0xeeeeee));
        g.fill(new Rectangle2D.Double(LEFT, top, plotWidth, HOLD_ROW));
        int[] counts = rates.getOrDefault(lock, new int[bins]);
        g.setPaint(BAND);
        double binWidth = plotWidth * BIN_SECONDS / seconds;
        for (int b = 0; b < bins; b++) {
            if (counts[b] == 0) {
                continue;
            }
            double h = Math.max(1.5, (HOLD_ROW - 2) * counts[b] / (double) maxPerBin);
            double x0 = LEFT + b * binWidth;
            double x1 = Math.min(LEFT + plotWidth, x0 + binWidth);
            g.fill(new Rectangle2D.Double(x0, top + HOLD_ROW - 1 - h, Math.max(0.5, x1 - x0), h));
        }
        g.setRenderingHint(SVGHints.KEY_END_GROUP, "holds-" + lock);
    }

    /**
     * Stretches where nobody took {@code lock} while another lock's holder was stalled or dead: the
     * workers were all queued behind that lock (each waits for the lock it picked), which is why this
     * one stopped, not the cluster.
     */
    private List<Item> queued(String lock, List<Timeline.Hold> holds) {
        List<Item> out = new ArrayList<>();
        int[] counts = rates.getOrDefault(lock, new int[bins]);
        int minBins = (int) Math.ceil(MIN_IDLE_SECONDS / BIN_SECONDS);
        int b = 0;
        while (b < bins) {
            if (counts[b] != 0) {
                b++;
                continue;
            }
            int start = b;
            while (b < bins && counts[b] == 0) {
                b++;
            }
            if (b - start < minBins) {
                continue;
            }
            double from = start * BIN_SECONDS;
            double to = Math.min(seconds, b * BIN_SECONDS);
            Timeline.Hold cause = null;
            double best = 0;
            boolean ownSpan = false;
            for (Timeline.Hold h : holds) {
                if (h.kind() == Timeline.HoldKind.NORMAL) {
                    continue;
                }
                double overlap = Math.min(to, t(h.endNanos())) - Math.max(from, t(h.startNanos()));
                if (h.lock().equals(lock)) {
                    ownSpan |= overlap >= (to - from) / 2;
                } else if (overlap > best) {
                    best = overlap;
                    cause = h;
                }
            }
            if (ownSpan || cause == null || best < (to - from) / 2) {
                continue; // explained by this lane's own stalled or dead holder, or not by another lock
            }
            String why = cause.holder() + (cause.kind() == Timeline.HoldKind.STALLED ? " stalled" : " died");
            String label = "idle: workers queue for " + cause.lock() + " (" + why + ")";
            double x0 = LEFT + from / seconds * plotWidth;
            double x1 = LEFT + to / seconds * plotWidth;
            out.add(new Item(next("queued"), x0, x1, x0 + 3, label, String.format(Locale.ROOT,
                    "%.2f-%.2f s: nobody took %s; every worker was waiting for %s, whose holder %s", from, to, lock,
                    cause.lock(), why), null, null, true));
        }
        return out;
    }

    private void drawKill(SVGGraphics2D g, Timeline.Mark m, double top, double bottom) {
        String id = next("kill");
        double x = x(m.atNanos());
        g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, id);
        g.setRenderingHint(SVGHints.KEY_ELEMENT_TITLE, String.format(Locale.ROOT, "%.2f s: %s", t(m.atNanos()), m.label()));
        g.setPaint(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{6, 4}, 0));
        g.draw(new Line2D.Double(x, top, x, bottom));
        g.setStroke(new BasicStroke(1));
        g.setFont(FONT);
        String label = String.format(Locale.ROOT, "%s at %.1f s", m.label(), t(m.atNanos()));
        double lx = x + 4 + label.length() * CHAR > WIDTH - RIGHT ? x - 4 - label.length() * CHAR : x + 4;
        g.drawString(label, (float) lx, (float) (top - 2));
        g.setRenderingHint(SVGHints.KEY_END_GROUP, id);
    }

    private void axis(SVGGraphics2D g, double top, double bottom) {
        double step = niceStep(seconds / 10);
        g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, "axis");
        g.setFont(SMALL);
        for (int i = 0; i * step <= seconds + 1e-9; i++) {
            double s = i * step;
            double x = LEFT + s / seconds * plotWidth;
            g.setPaint(GRID);
            g.draw(new Line2D.Double(x, top, x, bottom));
            g.setPaint(Color.DARK_GRAY);
            String label = step < 1 ? String.format(Locale.ROOT, "%.1f s", s) : String.format(Locale.ROOT, "%.0f s", s);
            g.drawString(label, (float) (x - label.length() * 2.8), (float) (bottom + 14));
        }
        g.setRenderingHint(SVGHints.KEY_END_GROUP, "axis");
    }

    /** The legend: only what the picture shows. */
    private void legend(SVGGraphics2D g, List<Timeline.Hold> holds, List<Timeline.Mark> marks,
                        Map<String, List<Item>> items, double top) {
        g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, "legend");
        g.setFont(SMALL);
        double x = 12;
        double y = top + 9;
        g.setPaint(BAND);
        g.fill(new Rectangle2D.Double(x, y - 9, 4, 5));
        g.fill(new Rectangle2D.Double(x + 5, y - 9 + 2, 4, 3));
        g.fill(new Rectangle2D.Double(x + 10, y - 9 - 2, 4, 7));
        String band = String.format(Locale.ROOT, "acquisitions per second, per %.1f s (full height %.0f/s)",
                BIN_SECONDS, maxPerBin / BIN_SECONDS);
        g.setPaint(Color.BLACK);
        g.drawString(band, (float) (x + 20), (float) (y - 2));
        x += 40 + band.length() * CHAR;
        boolean stalled = holds.stream().anyMatch(h -> h.kind() == Timeline.HoldKind.STALLED);
        boolean died = holds.stream().anyMatch(h -> h.kind() == Timeline.HoldKind.DIED);
        java.util.Set<Timeline.MarkKind> kinds = java.util.EnumSet.noneOf(Timeline.MarkKind.class);
        marks.forEach(m -> kinds.add(m.kind()));
        boolean queuedShown = items.values().stream().flatMap(List::stream).anyMatch(Item::queued);
        List<Runnable> entries = new ArrayList<>();
        double[] at = {x, y};
        if (stalled) {
            entries.add(() -> at[0] = legendSpan(g, at[0], at[1], "stalled holder (paused past its TTL)", true));
        }
        if (kinds.contains(Timeline.MarkKind.REFUSED)) {
            entries.add(() -> at[0] = legendMark(g, at[0], at[1], "late write refused by the fence", Timeline.MarkKind.REFUSED));
        }
        if (kinds.contains(Timeline.MarkKind.LET_THROUGH)) {
            entries.add(() -> at[0] = legendMark(g, at[0], at[1], "late write let through", Timeline.MarkKind.LET_THROUGH));
        }
        if (died) {
            entries.add(() -> at[0] = legendSpan(g, at[0], at[1], "holder died holding the lock", false));
        }
        if (kinds.contains(Timeline.MarkKind.RECLAIM)) {
            entries.add(() -> at[0] = legendMark(g, at[0], at[1], "reclaimed by the cluster", Timeline.MarkKind.RECLAIM));
        }
        if (kinds.contains(Timeline.MarkKind.LOCK_LOST)) {
            entries.add(() -> at[0] = legendMark(g, at[0], at[1], "holder told: may be lost", Timeline.MarkKind.LOCK_LOST));
        }
        if (queuedShown) {
            entries.add(() -> {
                Rectangle2D box = new Rectangle2D.Double(at[0], at[1] - 9, 22, 11);
                g.setPaint(new Color(0xececec));
                g.fill(box);
                g.setPaint(QUEUED);
                g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{2, 2}, 0));
                g.draw(box);
                g.setStroke(new BasicStroke(1));
                g.setPaint(Color.BLACK);
                String text = "idle: every worker waits for another, stuck lock";
                g.drawString(text, (float) (at[0] + 27), (float) at[1]);
                at[0] += 40 + text.length() * CHAR;
            });
        }
        if (kinds.contains(Timeline.MarkKind.KILL)) {
            entries.add(() -> {
                g.setPaint(Color.BLACK);
                g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{6, 4}, 0));
                g.draw(new Line2D.Double(at[0] + 6, at[1] - 11, at[0] + 6, at[1] + 3));
                g.setStroke(new BasicStroke(1));
                g.drawString("member killed", (float) (at[0] + 14), (float) at[1]);
                at[0] += 40 + "member killed".length() * CHAR;
            });
        }
        for (Runnable entry : entries) {
            if (at[0] > WIDTH - 300) {
                at[0] = 12;
                at[1] += 20;
            }
            entry.run();
        }
        g.setRenderingHint(SVGHints.KEY_END_GROUP, "legend");
    }

    private double legendSpan(SVGGraphics2D g, double x, double y, String text, boolean stalled) {
        Rectangle2D box = new Rectangle2D.Double(x, y - 9, 22, 11);
        Color c = stalled ? STALLED : DEAD;
        g.setPaint(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
        g.fill(box);
        g.setPaint(c);
        g.setStroke(stalled ? new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                new float[]{4, 3}, 0) : new BasicStroke(1.2f));
        g.draw(box);
        g.setStroke(new BasicStroke(1));
        g.setPaint(Color.BLACK);
        g.drawString(text, (float) (x + 27), (float) y);
        return x + 40 + text.length() * CHAR;
    }

    private double legendMark(SVGGraphics2D g, double x, double y, String text, Timeline.MarkKind kind) {
        double cx = x + 5;
        double mid = y - 3.5;
        switch (kind) {
            case REFUSED -> {
                g.setPaint(REFUSED);
                g.setStroke(new BasicStroke(2.2f));
                g.draw(new Line2D.Double(cx - 4, mid - 4, cx + 4, mid + 4));
                g.draw(new Line2D.Double(cx - 4, mid + 4, cx + 4, mid - 4));
                g.setStroke(new BasicStroke(1));
            }
            case RECLAIM -> {
                g.setPaint(RECLAIM);
                g.fill(triangle(cx, mid));
            }
            case LET_THROUGH -> {
                g.setPaint(REFUSED);
                g.fill(new Ellipse2D.Double(cx - 5, mid - 5, 10, 10));
            }
            default -> {
                g.setPaint(LOST);
                g.fill(diamond(cx, mid));
            }
        }
        g.setPaint(Color.BLACK);
        g.drawString(text, (float) (x + 14), (float) y);
        return x + 28 + text.length() * CHAR;
    }

    private static Shape triangle(double x, double mid) {
        Path2D p = new Path2D.Double();
        p.moveTo(x, mid - 6);
        p.lineTo(x + 6, mid + 5);
        p.lineTo(x - 6, mid + 5);
        p.closePath();
        return p;
    }

    private static Shape diamond(double x, double mid) {
        Path2D p = new Path2D.Double();
        p.moveTo(x, mid - 5);
        p.lineTo(x + 5, mid);
        p.lineTo(x, mid + 5);
        p.lineTo(x - 5, mid);
        p.closePath();
        return p;
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-3))));
        for (double m : new double[]{1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private String next(String prefix) {
        return prefix + "-" + counters.merge(prefix, 1, Integer::sum);
    }

    private double x(long nanos) {
        return LEFT + Math.min(1, Math.max(0, t(nanos) / seconds)) * plotWidth;
    }

    private double t(long nanos) {
        return (nanos - startNanos) / 1e9;
    }
}
