package io.leasehold.demo;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerdictTest {

    @Test
    void aFailedInvariantIsOneShortLineWithCountsAndTheFirstCases() {
        List<Summary.Violation> violations = new ArrayList<>();
        violations.add(new Summary.Violation("lost update", "lock-0",
                "lost update on lock-0: balance -3 off its accepted increments", null, null));
        for (int i = 0; i < 100_000; i++) {
            violations.add(new Summary.Violation("fence went back", "lock-1",
                    "fence went back on lock-1: lock-1#" + i + " after lock-1#" + (i + 1) + " (worker-2)", (long) i,
                    (long) i + 1));
        }

        String verdict = Summary.verdict(violations, true);

        assertTrue(verdict.startsWith("invariants: VIOLATED (1 lost update, 100,000 fence went back; first: "
                + "lost update on lock-0: balance -3 off its accepted increments; fence went back on lock-1: "
                + "lock-1#0 after lock-1#1 (worker-2); "), verdict);
        assertTrue(verdict.endsWith("; and 99,998 more; full list in the JSON)"), verdict);
        assertFalse(verdict.contains("\n"));
        assertTrue(verdict.length() < 500, verdict.length() + " chars: " + verdict);
        assertTrue(Summary.verdict(violations, false).endsWith("--json FILE writes the full list)"));
    }

    @Test
    void aLongCaseIsCut() {
        String verdict = Summary.verdict(List.of(new Summary.Violation("lost update", "x", "x".repeat(5_000), null, null)),
                true);
        assertTrue(verdict.length() < 250, verdict);
        assertTrue(verdict.contains("xxx..."), verdict);
    }

    @Test
    void noViolationIsOk() {
        assertEquals("invariants: OK", Summary.verdict(List.of(), false));
    }
}
