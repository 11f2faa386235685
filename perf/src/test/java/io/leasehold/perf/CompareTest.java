package io.leasehold.perf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leasehold.perf.Shapes.Shape;
import io.leasehold.perf.Spread.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The comparison's arithmetic and verdicts on plain numbers, and one tiny interleaved run on one member. */
class CompareTest {

    @Test
    void medianAndRangeOfTheWindows() {
        Spread s = Spread.of(List.of(5.0, 1.0, Double.NaN, 4.0, 2.0, 3.0));
        assertEquals(3.0, s.median());
        assertEquals(1.0, s.min());
        assertEquals(5.0, s.max());
        assertEquals(5, s.values().size(), "NaN is left out");
        assertEquals(2.5, Spread.of(List.of(1.0, 2.0, 3.0, 4.0)).median());
    }

    @Test
    void theRatiosRangeIsTakenOverAdjacentPairsNotOverMedians() {
        // The medians are 10 and 10 (ratio 1.0); the pairs say 2.0, 0.5, 1.0.
        Spread r = Spread.ofPairRatios(List.of(20.0, 5.0, 10.0), List.of(10.0, 10.0, 10.0));
        assertEquals(List.of(2.0, 0.5, 1.0), r.values());
        assertEquals(1.0, r.median());
        assertEquals(0.5, r.min());
        assertEquals(2.0, r.max());
        assertEquals(List.of(1.0), Spread.ofPairRatios(List.of(3.0, 4.0), List.of(3.0, 0.0)).values(),
                "a pair whose baseline is zero is left out");
    }

    @Test
    void aRangeThatCrossesItsTargetIsUndecided() {
        assertEquals(Verdict.MET, Spread.of(List.of(1.0, 1.2, 1.5)).atLeast(1.0));
        assertEquals(Verdict.MISSED, Spread.of(List.of(0.5, 0.7, 0.99)).atLeast(1.0));
        assertEquals(Verdict.UNDECIDED, Spread.of(List.of(0.9, 1.1, 1.3)).atLeast(1.0));
        assertEquals(Verdict.MET, Spread.of(List.of(0.0, 5.0)).atMost(5.0));
        assertEquals(Verdict.MISSED, Spread.of(List.of(5.1, 9.0)).atMost(5.0));
        assertEquals(Verdict.UNDECIDED, Spread.of(List.of(4.0, 6.0)).atMost(5.0));
        assertEquals(Verdict.NOT_MEASURED, Spread.of(List.of()).atLeast(1.0));
    }

    @Test
    void theIssuesTargetsPerShapeAndTopology() {
        assertEquals(1.0, Comparison.ratioGoal("embedded-1", Comparison.IDLE, Shape.FRESH));
        assertEquals(1.5, Comparison.ratioGoal("embedded-3", Comparison.IDLE, Shape.FRESH));
        assertEquals(1.5, Comparison.ratioGoal("client-3", Comparison.IDLE, Shape.FRESH));
        assertEquals(1.0, Comparison.ratioGoal("client-3", Comparison.BUSY, Shape.HOT), "hot lock: also with a core busy");
        assertEquals(null, Comparison.ratioGoal("client-3", Comparison.BUSY, Shape.SPREAD));
        assertEquals(0.8, Comparison.ratioGoal("embedded-3", Comparison.IDLE, Shape.GRANT_REVOKE));
    }

    @Test
    void theExpiryRunsAreJudgedOnceAndTheRateOnlyAtAMillionLeases() {
        Comparison c = new Comparison();
        c.expiry.row("expiry-lag", "embedded-3", Report.LEASEHOLD).put("rate_target_per_s", 1_000).put("lag_p99_ms", 253);
        c.expiry.row("expiry-scale-5000", "embedded-3", Report.LEASEHOLD).put("leases", 5_000)
                .put("revocations_per_s", 60_000).put("waiters", 16).put("waiters_served", 16)
                .put("leases_left", 0).put("locks_still_held", 1);
        List<Comparison.Judged> judged = c.judge();
        assertEquals(List.of(Verdict.MISSED, Verdict.SMALLER_THAN_TARGET, Verdict.MISSED),
                judged.stream().map(Comparison.Judged::verdict).toList(), judged.toString());
        assertTrue(judged.get(1).measured().contains("1,000,000"), judged.get(1).measured());
    }

    @Test
    void tooFewOrTooShortWindowsAreRefusedWithTheReason() {
        CompareCommand few = new CompareCommand();
        new CommandLine(few).parseArgs("--windows", "3");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, few::settings);
        assertTrue(e.getMessage().contains("--windows 3") && e.getMessage().contains("at least 5"), e.getMessage());

        CompareCommand shortWindows = new CompareCommand();
        new CommandLine(shortWindows).parseArgs("--window-seconds", "2");
        e = assertThrows(IllegalArgumentException.class, shortWindows::settings);
        assertTrue(e.getMessage().contains("--quick"), e.getMessage());

        CompareCommand quick = new CompareCommand();
        new CommandLine(quick).parseArgs("--quick", "--topologies", "embedded-1");
        CompareCommand.Settings s = quick.settings();
        assertEquals(Duration.ofSeconds(1), s.window());
        assertEquals(5, s.windows());
        assertEquals(List.of(Comparison.IDLE, Comparison.BUSY), s.conditions());
        assertEquals(List.of(Shape.FRESH, Shape.HOT, Shape.SPREAD, Shape.GRANT_REVOKE), s.shapes());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyShapeRunsInterleavedWindowsOnOneMember(@TempDir Path dir) throws Exception {
        CompareCommand.Settings s = new CompareCommand.Settings(5, Duration.ofMillis(150), Duration.ofMillis(50),
                Duration.ZERO, List.of(Topology.Kind.EMBEDDED_1), List.of(Shape.values()), List.of(Comparison.IDLE),
                1, null);
        Comparison c = new Comparison();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CompareCommand.run(s, c, new PrintStream(log, true, StandardCharsets.UTF_8));
        assertTrue(c.failures.isEmpty(), () -> "failed: " + c.failures);

        assertEquals(4 * 5 * 2, c.windows.size());
        for (int i = 0; i < c.windows.size(); i++) {
            Comparison.Window w = c.windows.get(i);
            assertEquals(i % 2 == 0, w.impl().equals(Report.LEASEHOLD), "A, B, A, B...: window " + i + " is " + w.impl());
            assertEquals(i % 10 / 2 + 1, w.pair());
            assertTrue(w.metrics().get(w.shape().headline) > 0, w.shape() + " " + w.impl() + ": " + w.metrics());
            assertEquals(0.0, w.metrics().get("errors"), w.shape() + " " + w.impl() + ": " + w.metrics());
            assertTrue(w.metrics().get("member_ops_per_cycle") > 0, w.metrics().toString());
        }
        List<Comparison.Window> hot = c.windows.stream()
                .filter(w -> w.shape() == Shape.HOT && w.impl().equals(Report.LEASEHOLD)).toList();
        hot.forEach(w -> assertTrue(w.metrics().containsKey("fifo_overtake_pct"), w.metrics().toString()));
        assertTrue(hot.stream().anyMatch(w -> w.metrics().getOrDefault("handoffs", 0.0) > 0),
                "the members counted handoffs on the hot lock");
        // One member: every waiter is on the member that hands over, so no handoff goes through a notice.
        hot.stream().filter(w -> w.metrics().getOrDefault("handoffs", 0.0) > 0)
                .forEach(w -> assertEquals(0.0, w.metrics().get("notice_writes_per_handoff"), w.metrics().toString()));

        List<Comparison.Judged> judged = c.judge();
        assertTrue(judged.stream().anyMatch(j -> j.target().startsWith("hot lock FIFO")), judged.toString());
        assertTrue(judged.stream().noneMatch(j -> j.verdict() == Verdict.NOT_MEASURED), judged.toString());

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        c.print(new PrintStream(table, true, StandardCharsets.UTF_8));
        String text = table.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("| embedded-1 | idle | hot | handoffs per s |"), text);
        assertTrue(text.contains("| target | where | goal |"), text);

        Path json = dir.resolve("compare.json");
        c.writeJson(json, CompareCommand.machine());
        JsonNode doc = new ObjectMapper().readTree(json.toFile());
        assertEquals(40, doc.get("windows").size());
        assertEquals(4, doc.get("comparisons").size());
        assertEquals(5, doc.get("comparisons").get(0).get("ratio_per_pair").get("values").size());
        assertFalse(doc.get("targets").isEmpty());
    }
}
