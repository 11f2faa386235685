package io.leasehold.demo;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Draws a made-up timeline (no cluster) and reads the picture back as XML. */
class TimelineSvgTest {

    private static final long S = 1_000_000_000L;

    @Test
    void everyLaneAndEveryKindOfMarkIsDrawnAndNamed() throws Exception {
        long t0 = 5_000 * S; // nanoTime is any value: the picture counts from the run's start
        Timeline timeline = new Timeline(t0);
        for (int i = 0; i < 400; i++) {
            timeline.hold("lock-0", "worker-" + (1 + i % 3), t0 + i * 10_000_000L, t0 + i * 10_000_000L + 8_000_000L,
                    Timeline.HoldKind.NORMAL);
            timeline.hold("lock-1", "worker-" + (1 + i % 2), t0 + i * 10_000_000L, t0 + i * 10_000_000L + 8_000_000L,
                    Timeline.HoldKind.NORMAL);
        }
        timeline.hold("lock-0", "worker-2", t0 + S, t0 + 3 * S + S / 2, Timeline.HoldKind.STALLED);
        timeline.mark(Timeline.MarkKind.LOCK_LOST, "lock-0", t0 + 2 * S, "worker-2 told: may be lost");
        timeline.mark(Timeline.MarkKind.REFUSED, "lock-0", t0 + 3 * S + S / 2, "write refused: #3 < #90");
        timeline.hold("lock-1", "doomed-1", t0 + 2 * S, t0 + 3 * S, Timeline.HoldKind.DIED);
        timeline.mark(Timeline.MarkKind.RECLAIM, "lock-1", t0 + 3 * S, "reclaimed after 1.00 s");
        timeline.mark(Timeline.MarkKind.KILL, null, t0 + 2 * S, "member 127.0.0.1:5703 killed");
        timeline.end(t0 + 4 * S);
        Map<String, String> lanes = new LinkedHashMap<>();
        lanes.put("lock-0", "lock-0");
        lanes.put("lock-1", "lock-1");

        Picture picture = Picture.parse(TimelineSvg.draw(timeline, lanes, "a made-up run"));

        assertEquals("svg", picture.doc.getDocumentElement().getLocalName());
        for (String id : List.of("lane-lock-0", "lane-lock-1", "holds-lock-0", "holds-lock-1", "stall-1",
                "lock-lost-1", "refused-1", "died-1", "reclaim-1", "kill-1", "axis", "legend")) {
            assertTrue(picture.hasGroup(id), "no group " + id + " in " + picture.groups());
        }
        assertTrue(picture.rectsIn("holds-lock-0") > 3, "a band of throughput bins");
        assertTrue(picture.text().contains("a made-up run"), picture.text());
        assertTrue(picture.text().contains("write refused: #3 < #90"), picture.text());
        assertTrue(picture.text().contains("member 127.0.0.1:5703 killed at 2.0 s"), picture.text());
        assertFalse(picture.hasGroup("lane-lock-2"));
    }

    @Test
    void aLockIdleBehindAnotherLocksStallSaysWhyAndTheLegendShowsOnlyWhatHappened() throws Exception {
        long t0 = 77 * S;
        Timeline timeline = new Timeline(t0);
        for (int i = 0; i < 400; i++) {
            long at = t0 + i * 10_000_000L;
            boolean stalledTime = at >= t0 + S && at < t0 + 3 * S;
            if (!stalledTime) { // every worker is queued for lock-0 meanwhile: lock-1 gets nobody either
                timeline.hold("lock-0", "worker-1", at, at + 8_000_000L, Timeline.HoldKind.NORMAL);
                timeline.hold("lock-1", "worker-2", at, at + 8_000_000L, Timeline.HoldKind.NORMAL);
            }
        }
        timeline.hold("lock-0", "worker-3", t0 + S, t0 + 3 * S, Timeline.HoldKind.STALLED);
        timeline.mark(Timeline.MarkKind.REFUSED, "lock-0", t0 + 3 * S, "write refused: #3 < #4");
        timeline.end(t0 + 4 * S);
        Map<String, String> lanes = new LinkedHashMap<>();
        lanes.put("lock-0", "lock-0");
        lanes.put("lock-1", "lock-1");

        Picture picture = Picture.parse(TimelineSvg.draw(timeline, lanes, "a stall"));

        assertTrue(picture.hasGroup("queued-1"), picture.groups().toString());
        assertTrue(picture.text().contains("idle: workers queue for lock-0 (worker-3 stalled)"), picture.text());
        assertFalse(picture.text().contains("workers queue for lock-1"), "lock-0's own gap is its stall: " + picture.text());
        assertTrue(picture.text().contains("stalled holder"), picture.text());
        for (String absent : List.of("member killed", "reclaimed by the cluster", "holder died", "may be lost")) {
            assertFalse(picture.text().contains(absent), "legend shows '" + absent + "' on a run without it");
        }
    }

    /** An SVG file read as XML, with what the tests look for. */
    static final class Picture {
        final Document doc;

        private Picture(Document doc) {
            this.doc = doc;
        }

        static Picture parse(Path file) throws Exception {
            assertTrue(Files.size(file) > 0, file + " is empty");
            return parse(Files.readString(file));
        }

        static Picture parse(String svg) throws Exception {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            // JFreeSVG names the SVG 1.1 DTD; read nothing from outside.
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setExpandEntityReferences(false);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            assertEquals("http://www.w3.org/2000/svg", doc.getDocumentElement().getNamespaceURI());
            return new Picture(doc);
        }

        boolean hasGroup(String id) {
            return group(id) != null;
        }

        int rectsIn(String id) {
            Element g = group(id);
            return g == null ? 0 : g.getElementsByTagNameNS("*", "rect").getLength();
        }

        List<String> groups() {
            NodeList gs = doc.getElementsByTagNameNS("*", "g");
            return java.util.stream.IntStream.range(0, gs.getLength())
                    .mapToObj(i -> ((Element) gs.item(i)).getAttribute("id")).filter(s -> !s.isEmpty()).toList();
        }

        String text() {
            return doc.getDocumentElement().getTextContent();
        }

        private Element group(String id) {
            NodeList gs = doc.getElementsByTagNameNS("*", "g");
            for (int i = 0; i < gs.getLength(); i++) {
                Element g = (Element) gs.item(i);
                if (id.equals(g.getAttribute("id"))) {
                    return g;
                }
            }
            return null;
        }
    }
}
