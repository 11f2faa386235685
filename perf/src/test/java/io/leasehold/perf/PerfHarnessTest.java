package io.leasehold.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every scenario at tiny sizes on one member: proves the harness drives both locks, fills
 * every figure, and writes the table, JSON and SVG. Not timed: no figure is checked against a target.
 */
class PerfHarnessTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyScenarioRunsAtTinySizes(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Report report = Bench.run(Sizes.tiny(), List.of(Topology.Kind.EMBEDDED_1), Bench.all(),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertTrue(report.failures.isEmpty(), () -> "scenarios failed: " + report.failures);

        for (String scenario : List.of("uncontended-fresh-1t", "uncontended-fresh-2t", "uncontended-reused-1t",
                "hot-lock-4t", "spread-4t-50k", "grant-revoke-2t", "dead-client")) {
            Report.Row mine = report.find(scenario, "embedded-1", Report.LEASEHOLD);
            assertNotNull(mine, scenario + " / leasehold");
            Report.Row base = report.baseline(mine);
            assertNotNull(base, scenario + " baseline");
            for (Report.Row row : List.of(mine, base)) {
                assertFalse(row.metrics.containsKey("errors"), scenario + " / " + row.impl + ": " + row.notes);
                assertTrue(row.get(row.headline) > 0, scenario + " / " + row.impl + " " + row.headline);
            }
            assertNotNull(report.headlineRatio(mine), scenario + " ratio");
        }
        Report.Row fresh = report.find("uncontended-fresh-1t", "embedded-1", Report.LEASEHOLD);
        assertTrue(fresh.get("member_ops_per_op") > 0, "member operations are counted");
        Report.Row hot = report.find("hot-lock-4t", "embedded-1", Report.LEASEHOLD);
        assertTrue(hot.get("acquire_p99_us") > 0);
        assertTrue(hot.get("fairness_max_min") >= 1);
        assertTrue(hot.get("fifo_overtake_pct") >= 0 && hot.get("fifo_overtake_pct") <= 100);
        assertEquals(Report.IMAP_LEASE, report.baseline(report.find("grant-revoke-2t", "embedded-1", Report.LEASEHOLD)).impl);

        Report.Row state = report.find("state-300-names", "embedded-1", Report.LEASEHOLD);
        assertEquals(300, state.get("cycles"));
        assertEquals(0, state.get("failures"));
        assertTrue(state.get("session_record_new_bytes") > 0, "the session record's cost is read");

        Report.Row keepAlive = report.find("keepalive-100", "embedded-1", Report.LEASEHOLD);
        assertEquals(100, keepAlive.get("leases_still_active"), "every kept-alive lease outlived its TTL");
        assertEquals(100, keepAlive.get("leases_on_cluster"));

        Report.Row lag = report.find("expiry-lag", "embedded-1", Report.LEASEHOLD);
        assertEquals(100, lag.get("heard"), "every short lease's end was heard");
        assertEquals(0, lag.get("lock_failures"));
        assertEquals(lag.get("waiters"), lag.get("waiters_served"), "every waiter got its lock");
        assertTrue(lag.get("lag_max_ms") >= lag.get("lag_p50_ms"));

        Report.Row scale = report.find("expiry-scale-300", "embedded-1", Report.LEASEHOLD);
        assertEquals(300, scale.get("leases"));
        assertEquals(300, scale.get("locks_held"));
        assertEquals(300, scale.get("heard"), "every lease made due was revoked and heard");
        assertEquals(0, scale.get("leases_left"));
        assertEquals(0, scale.get("locks_still_held"), "every lock was freed");
        assertEquals(scale.get("waiters"), scale.get("waiters_served"), "every waiter got its lock");
        assertTrue(scale.get("revocations_per_s") > 0);
        assertTrue(Double.isFinite(scale.get("heap_bytes_per_idle_lease")));
        assertTrue(scale.get("leases_map_primary_bytes_per_lease") > 0);

        Report.Row dead = report.find("dead-client", "embedded-1", Report.LEASEHOLD);
        assertTrue(dead.get("free_after_kill_max_ms") > 0);

        assertFalse(report.targets.isEmpty());

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        report.printTable(new PrintStream(table, true, StandardCharsets.UTF_8));
        String text = table.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("hot-lock-4t") && text.contains("imap.lock") && text.contains("target"), text);

        Path json = dir.resolve("perf.json");
        report.writeJson(json);
        JsonNode written = new ObjectMapper().readTree(json.toFile());
        JsonNode first = written.get("results").get(0);
        assertEquals("uncontended-fresh-1t", first.get("scenario").asText());
        assertTrue(first.get("ratio_to_baseline").get("ops_per_s").isNumber(), first.toString());
        assertTrue(written.get("targets").isArray() && written.get("targets").size() > 0);
        String raw = Files.readString(json);
        assertFalse(raw.contains("NaN") || raw.contains("Infinity"), raw);

        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        Summary.print(List.of(json, json), new PrintStream(summary, true, StandardCharsets.UTF_8));
        String md = summary.toString(StandardCharsets.UTF_8);
        assertTrue(md.contains("| uncontended-fresh-1t | embedded-1 | ops per s |"), md);
        assertTrue(md.contains("| run 1 | run 2 |"), md);

        Path svg = dir.resolve("perf.svg");
        report.writeSvg(svg);
        String chart = Files.readString(svg);
        assertTrue(chart.startsWith("<svg") && chart.trim().endsWith("</svg>"));
        assertTrue(chart.contains("Throughput ratio"), "the ratio chart is drawn");
        assertTrue(chart.contains(">" + Chart.ratio(report.headlineRatio(fresh)) + "<"),
                "the fresh-name ratio is printed on its bar");
        assertTrue(chart.contains("hot-lock-4t / embedded-1 / leasehold"));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void cpuHogRunsInAnotherProcessAndStops() throws Exception {
        CpuHog hog = CpuHog.start(1);
        ProcessHandle child = ProcessHandle.of(hog.pid()).orElseThrow();
        assertTrue(child.isAlive());
        hog.close();
        child.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(child.isAlive());
    }
}
