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
 * <p>Each lane has a row of holds, bars coloured by worker (a gap is a time nobody held the lock),
 * and above it the trouble: a stalled holder's span, dashed, to its late write, and a red cross
 * where the ledger refused that write; a dead holder's span, grey, to a green triangle where the
 * cluster handed the lock to someone else; a yellow diamond where a holder was told it may have lost
 * the lock. A member kill is a dashed vertical line across all lanes. The picture is grouped for
 * scripts: {@code <g id="lane-lock-0">}, {@code holds-lock-0}, {@code stall-1}, {@code refused-1},
 * {@code died-1}, {@code reclaim-1}, {@code lock-lost-1}, {@code let-through-1}, {@code kill-1}, and
 * every mark has a title (a tooltip in a browser).
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
    /** Width of one column of a hold row, in pixels. */
    private static final double COLUMN = 0.5;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    private static final Font BOLD = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Color[] PALETTE = {
            new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x9467bd), new Color(0x8c564b),
            new Color(0xe377c2), new Color(0x17becf), new Color(0xbcbd22), new Color(0x393b79),
            new Color(0xaec7e8), new Color(0xffbb78), new Color(0xc5b0d5), new Color(0xc49c94)};
    private static final Color DEAD = new Color(0x444444);
    private static final Color REFUSED = new Color(0xd62728);
    private static final Color RECLAIM = new Color(0x1a7f37);
    private static final Color LOST = new Color(0xe0b000);
    private static final Color GRID = new Color(0xe4e4e4);

    /** Something drawn above a lane's holds, placed in the first row where it fits. */
    private record Item(String id, double x0, double x1, double labelX, String label, String title,
                        Timeline.Hold span, Timeline.Mark mark) {
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

    private TimelineSvg(Timeline timeline) {
        this.timeline = timeline;
        this.startNanos = timeline.startNanos();
        this.seconds = Math.max(1e-3, (timeline.endNanos() - startNanos) / 1e9);
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
        height += 34 + 50;

        SVGGraphics2D g = new SVGGraphics2D(WIDTH, height);
        g.setPaint(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, WIDTH, height));
        g.setFont(BOLD);
        g.setPaint(Color.BLACK);
        g.drawString(title, 12, 22);
        g.setFont(FONT);
        g.setPaint(new Color(0x555555));
        g.drawString("One lane per lock. Lower row: holds, coloured by worker (a gap: nobody held it). "
                + "Upper rows: the trouble and what the cluster and the fence did about it.", 12, 42);
        axis(g, TOP - 6, lanesBottom);

        double y = TOP;
        for (Map.Entry<String, String> lane : lanes.entrySet()) {
            String lock = lane.getKey();
            List<List<Item>> laneRows = rows.get(lock);
            double troubleHeight = Math.max(1, laneRows.size()) * ROW;
            g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, "lane-" + lock);
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
        for (Timeline.Mark m : marks) {
            if (m.kind() == Timeline.MarkKind.KILL) {
                drawKill(g, m, TOP - 6, lanesBottom);
            }
        }
        legend(g, holds, lanesBottom + 34);
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
                        h, null));
            } else {
                items.add(new Item(next("died"), x0, x1, Math.min(x0 + 3, WIDTH - 4 - 14 * CHAR), h.holder() + " died",
                        String.format(Locale.ROOT, "%s died holding %s at %.2f s; nobody could take it for %.2f s",
                                h.holder(), lock, t(h.startNanos()), pause), h, null));
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
                    String.format(Locale.ROOT, "%.2f s: %s", t(m.atNanos()), m.label()), null, m));
        }
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
        if (item.span() != null) {
            Rectangle2D box = new Rectangle2D.Double(item.x0(), rowTop + 2, item.x1() - item.x0(), ROW - 4);
            boolean stalled = item.span().kind() == Timeline.HoldKind.STALLED;
            Color c = stalled ? color(item.span().holder()) : DEAD;
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
     * The hold row of one lane. A run makes hundreds of holds a second, several to a pixel, so the
     * row is drawn in columns of half a pixel: each shows the holder who held the lock longest in it,
     * or nothing when the lock was held for less than a quarter of it; runs of one holder make one bar.
     */
    private void drawHolds(SVGGraphics2D g, String lock, List<Timeline.Hold> holds, double top) {
        g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, "holds-" + lock);
        g.setPaint(new Color(0xf4f4f4));
        g.fill(new Rectangle2D.Double(LEFT, top, plotWidth, HOLD_ROW));
        int columns = (int) Math.ceil(plotWidth / COLUMN);
        Map<String, double[]> held = new LinkedHashMap<>();
        for (Timeline.Hold h : holds) {
            if (!h.lock().equals(lock) || h.kind() != Timeline.HoldKind.NORMAL) {
                continue;
            }
            double[] cover = held.computeIfAbsent(h.holder(), k -> new double[columns]);
            double a = (x(h.startNanos()) - LEFT) / COLUMN;
            double b = (x(h.endNanos()) - LEFT) / COLUMN;
            for (int c = (int) a; c < columns && c < b; c++) {
                cover[c] += Math.min(b, c + 1) - Math.max(a, c);
            }
        }
        String runHolder = null;
        int runStart = 0;
        for (int c = 0; c <= columns; c++) {
            String best = null;
            double bestCover = 0;
            double total = 0;
            if (c < columns) {
                for (Map.Entry<String, double[]> e : held.entrySet()) {
                    double v = e.getValue()[c];
                    total += v;
                    if (v > bestCover) {
                        bestCover = v;
                        best = e.getKey();
                    }
                }
                if (total < 0.25) {
                    best = null;
                }
            }
            if (!java.util.Objects.equals(best, runHolder)) {
                if (runHolder != null) {
                    bar(g, runHolder, LEFT + runStart * COLUMN, LEFT + c * COLUMN, top);
                }
                runHolder = best;
                runStart = c;
            }
        }
        g.setRenderingHint(SVGHints.KEY_END_GROUP, "holds-" + lock);
    }

    private void bar(SVGGraphics2D g, String holder, double x0, double x1, double top) {
        g.setPaint(color(holder));
        g.fill(new Rectangle2D.Double(x0, top + 1, x1 - x0, HOLD_ROW - 2));
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

    private void legend(SVGGraphics2D g, List<Timeline.Hold> holds, double top) {
        g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, "legend");
        g.setFont(SMALL);
        // One swatch per colour: worker-3 and imap-3 share one.
        Map<Color, List<String>> byColour = new LinkedHashMap<>();
        holds.stream().filter(h -> h.kind() == Timeline.HoldKind.NORMAL).map(Timeline.Hold::holder).distinct()
                .sorted(Comparator.comparingInt(TimelineSvg::number).thenComparing(h -> h.startsWith("imap")))
                .forEach(h -> byColour.computeIfAbsent(color(h), k -> new ArrayList<>()).add(h));
        double x = 12;
        for (Map.Entry<Color, List<String>> e : byColour.entrySet()) {
            String label = String.join(" / ", e.getValue());
            if (x + label.length() * CHAR > WIDTH - RIGHT) {
                break;
            }
            g.setPaint(e.getKey());
            g.fill(new Rectangle2D.Double(x, top, 14, 10));
            g.setPaint(Color.BLACK);
            g.drawString(label, (float) (x + 18), (float) (top + 9));
            x += 30 + label.length() * CHAR;
        }
        double y = top + 26;
        x = 12;
        x = legendSpan(g, x, y, "stalled holder (paused past its TTL)", true);
        x = legendMark(g, x, y, "late write refused by the fence", Timeline.MarkKind.REFUSED);
        x = legendSpan(g, x, y, "holder died holding the lock", false);
        x = legendMark(g, x, y, "reclaimed by the cluster", Timeline.MarkKind.RECLAIM);
        x = legendMark(g, x, y, "holder told: may be lost", Timeline.MarkKind.LOCK_LOST);
        g.setPaint(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[]{6, 4}, 0));
        g.draw(new Line2D.Double(x + 6, y - 11, x + 6, y + 3));
        g.setStroke(new BasicStroke(1));
        g.drawString("member killed", (float) (x + 14), (float) y);
        g.setRenderingHint(SVGHints.KEY_END_GROUP, "legend");
    }

    private double legendSpan(SVGGraphics2D g, double x, double y, String text, boolean stalled) {
        Rectangle2D box = new Rectangle2D.Double(x, y - 9, 22, 11);
        Color c = stalled ? PALETTE[0] : DEAD;
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

    /** A worker's colour: by its number, so {@code worker-3} and {@code imap-3} share one. */
    private static Color color(String holder) {
        if (holder.startsWith("doomed")) {
            return DEAD;
        }
        int n = number(holder);
        return PALETTE[Math.floorMod(n <= 0 ? holder.hashCode() : n - 1, PALETTE.length)];
    }

    private static int number(String holder) {
        int i = holder.length();
        while (i > 0 && Character.isDigit(holder.charAt(i - 1))) {
            i--;
        }
        return i == holder.length() ? 0 : Integer.parseInt(holder.substring(i));
    }
}
