package io.leasehold.perf;

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
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void everyScenarioRunsAtTinySizes(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Report report = Bench.run(Sizes.tiny(), List.of(Topology.Kind.EMBEDDED_1), Bench.all(),
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertTrue(report.failures.isEmpty(), () -> "scenarios failed: " + report.failures);

        for (String scenario : List.of("uncontended-1t", "uncontended-2t", "hot-lock-4t", "spread-4t-50k",
                "dead-client")) {
            for (String impl : List.of(Report.LEASEHOLD, Report.IMAP)) {
                Report.Row row = report.find(scenario, "embedded-1", impl);
                assertNotNull(row, scenario + " / " + impl);
                assertFalse(row.metrics.containsKey("errors"), scenario + " / " + impl + ": " + row.notes);
                assertTrue(row.get(row.headline) > 0, scenario + " / " + impl + " " + row.headline);
            }
            assertNotNull(report.ratios(report.find(scenario, "embedded-1", Report.LEASEHOLD))
                    .get(report.find(scenario, "embedded-1", Report.LEASEHOLD).headline), scenario + " ratio");
        }
        Report.Row hot = report.find("hot-lock-4t", "embedded-1", Report.LEASEHOLD);
        assertTrue(hot.get("acquire_p99_us") > 0);
        assertTrue(hot.get("fairness_max_min") >= 1);

        Report.Row churn = report.find("lease-churn-2t", "embedded-1", Report.LEASEHOLD);
        assertTrue(churn.get("cycles_per_s") > 0);

        Report.Row keepAlive = report.find("keepalive-300", "embedded-1", Report.LEASEHOLD);
        assertEquals(300, keepAlive.get("leases_still_active"), "every kept-alive lease outlived its TTL");
        assertEquals(300, keepAlive.get("leases_on_cluster"));

        Report.Row lag = report.find("expiry-lag", "embedded-1", Report.LEASEHOLD);
        assertEquals(100, lag.get("heard"), "every short lease's end was heard");
        assertTrue(lag.get("lag_max_ms") >= lag.get("lag_p50_ms"));

        Report.Row scale = report.find("expiry-scale-1000", "embedded-1", Report.LEASEHOLD);
        assertEquals(1_000, scale.get("leases"));
        assertEquals(1_000, scale.get("heard"), "every lease made due was revoked and heard");
        assertEquals(0, scale.get("left_on_cluster"));
        assertTrue(scale.get("revocations_per_s") > 0);
        assertTrue(Double.isFinite(scale.get("heap_bytes_per_lease")));

        Report.Row dead = report.find("dead-client", "embedded-1", Report.LEASEHOLD);
        assertTrue(dead.get("free_after_kill_max_ms") > 0);

        assertFalse(report.targets.isEmpty());

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        report.printTable(new PrintStream(table, true, StandardCharsets.UTF_8));
        String text = table.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("hot-lock-4t") && text.contains("imap.lock") && text.contains("target"), text);

        Path json = dir.resolve("perf.json");
        report.writeJson(json);
        String written = Files.readString(json);
        assertTrue(written.contains("\"ratio_to_imap_lock\": {\"ops_per_s\":"), written);
        assertTrue(written.contains("\"targets\": ["));
        assertFalse(written.contains("NaN") || written.contains("Infinity"), written);

        Path svg = dir.resolve("perf.svg");
        report.writeSvg(svg);
        String chart = Files.readString(svg);
        assertTrue(chart.startsWith("<svg") && chart.trim().endsWith("</svg>"));
        assertTrue(chart.contains("hot-lock-4t / embedded-1 / leasehold"));
    }
}
