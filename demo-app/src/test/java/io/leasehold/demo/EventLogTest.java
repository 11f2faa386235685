package io.leasehold.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventLogTest {

    @Test
    void repeatedEventsAreFoldedOnScreenButRecordedOneByOne() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EventLog log = new EventLog(System.nanoTime(), new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        for (int i = 0; i < 17; i++) {
            log.add("%s: round failed: %s", "worker-3", "no member is running");
        }
        log.add("KILL member %s terminated", "127.0.0.1:5703");
        assertEquals("", bytes.toString(StandardCharsets.UTF_8), "nothing is printed before the window ends");

        log.flush();

        List<String> printed = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(2, printed.size(), printed.toString());
        assertTrue(printed.get(0).matches("\\[ *\\d+\\.\\ds] worker-3: round failed: no member is running  x17 \\(to .*s\\)"),
                printed.get(0));
        assertTrue(printed.get(1).endsWith("] KILL member 127.0.0.1:5703 terminated"), printed.get(1));
        assertEquals(printed, log.latest());
        List<EventLog.Event> recorded = log.recorded();
        assertEquals(18, recorded.size());
        assertEquals("note", recorded.get(0).kind());
        assertEquals("KILL", recorded.get(17).kind());
        assertTrue(recorded.get(17).time().endsWith("Z"), recorded.get(17).time());

        log.add("%s: round failed: %s", "worker-3", "no member is running");
        log.flush();
        assertTrue(log.latest().get(2).endsWith("no member is running"), "a new window starts a new count: " + log.latest());
    }

    @Test
    void fencesAreShownAsHoldNumbersOfTheirLockAndRecordedInFull() {
        LockStats stats = new LockStats("lock-0");
        long first = 1_839_263_519_270_023L;
        stats.acquired("worker-1", first);
        stats.acquired("worker-2", first + 30_502_912L);
        stats.acquired("worker-3", first + 30_503_936L);
        EventLog log = new EventLog(System.nanoTime(), new PrintStream(new ByteArrayOutputStream()), false);

        log.add("STALL %s holds %s", "worker-2", stats.ref(first + 30_502_912L));

        EventLog.Event e = log.recorded().get(0);
        assertEquals("STALL worker-2 holds lock-0#2", e.text());
        assertEquals(first + 30_502_912L, e.fences().get("lock-0#2"));
        assertEquals("lock-0#1", stats.ref(first).toString());
        assertEquals("lock-0#3", stats.ref(first + 30_503_936L).toString());
        assertEquals("lock-0#4", stats.ref(first + 40_000_000L).toString(), "a fence above all acquired is the next one");
    }
}
