package io.leasehold.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs short embedded scenarios and checks their JSON summary and timeline picture. */
class DemoTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void fencesRefuseTheStalledWriteAndDeadHoldersLocksComeBack(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("summary.json");
        Path svg = dir.resolve("timeline.svg");
        DemoOptions options = DemoOptions.parse("--duration", "6", "--plain", "--json", json.toString(),
                "--svg", svg.toString());

        Summary summary = new Demo(options, TestConsole.create()).run();

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        JsonNode lh = root.path("leasehold");
        assertTrue(lh.path("staleWritesRefused").asLong() >= 1, "no stale write refused:\n" + root);
        assertTrue(lh.path("stalledWritesRefused").asLong() >= 1, "the stalled holder's write was not refused:\n" + root);
        assertTrue(lh.path("reclaims").asLong() >= 1, "no lock reclaimed after a holder died:\n" + root);
        assertEquals(lh.path("ledgerBalance").asLong(), lh.path("acceptedIncrements").asLong(), root.toString());
        assertTrue(lh.path("acquisitions").asLong() > 10, root.toString());
        assertTrue(root.path("invariants").path("ok").asBoolean(), root.toString());
        assertEquals(0, root.path("invariants").path("violations").size(), root.toString());
        assertEquals(3, root.path("clusterAtStart").path("members").asInt(), "observed cluster size");
        assertTrue(root.path("clusterAtStart").path("hazelcastVersion").asText().startsWith("5."), root.toString());
        JsonNode lock = lh.path("locks").get(0);
        assertTrue(lock.path("lastFence").asLong() > lock.path("firstFence").asLong(), lock.toString());
        assertTrue(lock.path("lastFenceRelative").asLong() > 1
                && lock.path("lastFenceRelative").asLong() <= lock.path("acquisitions").asLong(),
                "the console's fence is a hold number, at most one per acquisition: " + lock);
        assertFalse(root.path("clusterAtStart").path("clusterVersion").isNull(), "cluster version: " + root);

        JsonNode events = root.path("events").path("list");
        assertTrue(events.size() >= 3, root.toString());
        JsonNode stall = find(events, "STALL");
        assertTrue(stall.path("atSeconds").asDouble() > 0, stall.toString());
        assertFalse(stall.path("time").asText().isEmpty(), stall.toString());
        // The console shows lock-N#k; the JSON keeps the full fence behind each label.
        String label = stall.path("fences").fieldNames().next();
        assertTrue(stall.path("text").asText().contains(label), stall.toString());
        assertTrue(stall.path("fences").path(label).asLong() > 1L << 40, "a full fence is cluster time x 1024: " + stall);

        List<String> lines = summary.lines();
        assertEquals("invariants: OK", lines.get(lines.size() - 1));

        TimelineSvgTest.Picture picture = TimelineSvgTest.Picture.parse(svg);
        for (int i = 0; i < 3; i++) {
            assertTrue(picture.hasGroup("lane-lock-" + i), "no lane for lock-" + i + ": " + picture.groups());
            assertTrue(picture.rectsIn("holds-lock-" + i) > 1, "no holds drawn on lock-" + i);
        }
        for (String mark : List.of("stall-1", "refused-1", "died-1", "reclaim-1")) {
            assertTrue(picture.hasGroup(mark), "no " + mark + " in the picture: " + picture.groups());
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void workGoesOnAfterAMemberKillAndThePictureMarksIt(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("summary.json");
        Path svg = dir.resolve("timeline.svg");
        DemoOptions options = DemoOptions.parse("--duration", "6", "--plain", "--no-trouble", "--kill-member",
                "--json", json.toString(), "--svg", svg.toString());

        Summary summary = new Demo(options, TestConsole.create()).run();

        assertTrue(summary.ok(), summary.verdict());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertTrue(root.path("memberKilled").path("acquisitionsAfter").asLong() > 0, root.toString());
        assertEquals(2, root.path("clusterAtEnd").path("members").asInt(), "observed cluster size after the kill");
        assertTrue(find(root.path("events").path("list"), "KILL").path("atSeconds").asDouble() > 1, root.toString());
        TimelineSvgTest.Picture picture = TimelineSvgTest.Picture.parse(svg);
        assertTrue(picture.hasGroup("kill-1"), picture.groups().toString());
        assertTrue(picture.hasGroup("lane-lock-0"), picture.groups().toString());
    }

    @Test
    void badFlagsAreRefusedWithClearMessages() {
        assertMessage("--duration must be between 5 and 3600", "--duration", "1");
        assertMessage("not a mode", "--mode", "cloud");
        assertMessage("--kill-member only works on members the demo starts", "--members", "127.0.0.1:5701",
                "--cluster", "c", "--kill-member");
        assertMessage("--members needs --cluster", "--members", "127.0.0.1:5701");
        assertMessage("is not HOST:PORT", "--members", "localhost", "--cluster", "c");
        assertEquals(2, DemoMain.commandLine().setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()))
                .execute("--workers", "0"));
    }

    private static void assertMessage(String fragment, String... args) {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> DemoOptions.parse(args));
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    private static JsonNode find(JsonNode events, String kind) {
        for (JsonNode e : events) {
            if (kind.equals(e.path("kind").asText())) {
                return e;
            }
        }
        throw new AssertionError("no " + kind + " event in " + events);
    }
}
