package io.leasehold.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The persistence command at a tiny size, persistence off and on an H2 file: every shape runs on both,
 * without an error, and the table sets each beside persistence off. Not timed: no figure is checked.
 */
class PersistenceCommandTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyShapeRunsWithPersistenceOffAndOnAnH2File() throws Exception {
        PersistenceCommand command = new PersistenceCommand();
        new CommandLine(command).parseArgs("--stores", "off,h2", "--seconds", "1", "--threads", "2");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<PersistenceCommand.Row> rows = command.run(new PrintStream(log, true, StandardCharsets.UTF_8));

        assertEquals(6, rows.size(), log.toString(StandardCharsets.UTF_8));
        for (PersistenceCommand.Row row : rows) {
            assertEquals(0, row.result().errors(), row.shape() + " on " + row.store() + ": " + row.result().firstError());
            assertTrue(row.result().ops() > 0, row.shape() + " on " + row.store() + " ran no cycle");
        }
        assertEquals(List.of("off", "off", "off", "h2", "h2", "h2"), rows.stream().map(PersistenceCommand.Row::store).toList());

        ByteArrayOutputStream table = new ByteArrayOutputStream();
        PersistenceCommand.print(rows, new PrintStream(table, true, StandardCharsets.UTF_8));
        String text = table.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("| grant-revoke-2t | h2 |") && text.contains("| acquire-release-fresh-1t | off |")
                && text.contains("| 1.00× |"), text);
    }
}
