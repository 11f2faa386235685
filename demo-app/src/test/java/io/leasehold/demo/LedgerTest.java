package io.leasehold.demo;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LedgerTest {

    @Test
    void fencedLedgerRefusesTheOlderHoldersWriteOnceANewerHolderHasRead() {
        Ledger ledger = Ledger.fenced(List.of("a"));
        Ledger.Reading paused = ledger.read("a", 41);
        Ledger.Reading next = ledger.read("a", 42);
        assertEquals(Ledger.Outcome.REFUSED_STALE, ledger.increment("a", 41, paused).outcome());
        assertEquals(Ledger.Outcome.ACCEPTED, ledger.increment("a", 42, next).outcome());
        assertFalse(ledger.read("a", 41).accepted());
        Ledger.Totals t = ledger.totals();
        assertEquals(1, t.balance);
        assertEquals(1, t.acceptedIncrements);
        assertEquals(1, t.refusedWrites);
        assertEquals(1, t.refusedReads);
        assertTrue(t.balanced());
    }

    @Test
    void fencedLedgerAcceptsSeveralWritesUnderOneHold() {
        Ledger ledger = Ledger.fenced(List.of("a"));
        for (int i = 0; i < 3; i++) {
            assertEquals(Ledger.Outcome.ACCEPTED, ledger.increment("a", 7, ledger.read("a", 7)).outcome());
        }
        assertEquals(3, ledger.totals().balance);
    }

    @Test
    void unfencedLedgerLetsTheStaleWriteThroughAndCountsTheLostIncrements() {
        Ledger ledger = Ledger.unfenced(List.of("a"));
        Ledger.Reading paused = ledger.read("a", 0);
        for (int i = 0; i < 3; i++) {
            ledger.increment("a", 0, ledger.read("a", 0));
        }
        Ledger.Write late = ledger.increment("a", 0, paused);
        assertEquals(Ledger.Outcome.LET_THROUGH_STALE, late.outcome());
        assertEquals(3, late.overwritten());
        Ledger.Totals t = ledger.totals();
        assertEquals(1, t.balance);
        assertEquals(4, t.acceptedIncrements);
        assertFalse(t.balanced());
        assertEquals(-3L, t.mismatchedAccounts.get("a"));
    }
}
