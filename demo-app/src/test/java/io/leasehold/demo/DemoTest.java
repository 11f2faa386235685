package io.leasehold.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the default embedded scenario for a few seconds and checks its JSON summary. */
class DemoTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void fencesRefuseTheStalledWriteAndDeadHoldersLocksComeBack(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("summary.json");
        DemoOptions options = DemoOptions.parse("--duration", "6", "--plain", "--json", json.toString());

        Summary summary = new Demo(options, System.out).run();

        String text = Files.readString(json);
        assertTrue(number(text, "staleWritesRefused") >= 1, "no stale write refused:\n" + text);
        assertTrue(number(text, "stalledWritesRefused") >= 1, "the stalled holder's write was not refused:\n" + text);
        assertTrue(number(text, "reclaims") >= 1, "no lock reclaimed after a holder died:\n" + text);
        assertEquals(number(text, "ledgerBalance"), number(text, "acceptedIncrements"), text);
        assertTrue(number(text, "acquisitions") > 10, text);
        assertTrue(text.contains("\"ok\": true"), text);
        assertTrue(text.contains("\"violations\": []"), text);
        List<String> lines = summary.lines();
        assertEquals("invariants: OK", lines.get(lines.size() - 1));
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

    /** The first number under {@code key} in the JSON text (the Leasehold side comes before the IMap side). */
    private static long number(String json, String key) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(key) + "\": (-?\\d+)").matcher(json);
        assertTrue(m.find(), "no " + key + " in\n" + json);
        return Long.parseLong(m.group(1));
    }
}
