package io.leasehold.hazelcast.internal.member;

import io.leasehold.hazelcast.internal.core.LeaseQueue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The expiry heap and its bookkeeping, with time passed in as numbers. */
class ExpiryTrackerTest {

    @Test
    void queuePopsInDeadlineOrder() {
        LeaseQueue q = new LeaseQueue();
        Random random = new Random(42);
        List<Long> deadlines = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            long d = random.nextLong();
            deadlines.add(d);
            q.push(d, i + 1);
        }
        deadlines.sort(null);
        for (long expected : deadlines) {
            assertEquals(expected, q.peekDeadline());
            q.pop();
        }
        assertTrue(q.isEmpty());
    }

    @Test
    void dueLeasesComeOutStaleOnesAreSkippedOrRearmed() {
        ExpiryTracker t = new ExpiryTracker();
        t.track(1, 100);
        t.track(2, 200);
        t.track(3, 300);
        t.track(2, 1_000);   // renewed: no second heap entry, a later bound
        t.untrack(3);        // revoked elsewhere
        assertEquals(Map.of(1L, 100L), t.pollDue(250, 10, id -> true));
        assertTrue(t.pollDue(999, 10, id -> true).isEmpty(), "lease 2 was renewed to 1000");
        assertEquals(Map.of(2L, 1_000L), t.pollDue(1_000, 10, id -> true));
        assertTrue(t.pollDue(Long.MAX_VALUE, 10, id -> true).isEmpty());
    }

    @Test
    void pollRespectsTheBatchBudget() {
        ExpiryTracker t = new ExpiryTracker();
        for (long id = 1; id <= 10; id++) {
            t.track(id, id);
        }
        assertEquals(4, t.pollDue(100, 4, id -> true).size());
        assertEquals(6, t.pollDue(100, 100, id -> true).size());
    }

    @Test
    void leasesOwnedElsewhereAreForgotten() {
        ExpiryTracker t = new ExpiryTracker();
        t.track(1, 10);
        t.track(2, 10);
        assertEquals(Map.of(2L, 10L), t.pollDue(10, 10, id -> id == 2));
        assertFalse(t.isTracked(1));
    }

    @Test
    void retryReArmsAndNeverMovesTheBoundBack() {
        ExpiryTracker t = new ExpiryTracker();
        t.track(1, 10);
        assertEquals(1, t.pollDue(10, 10, id -> true).size());
        t.retry(1, 50);
        assertTrue(t.pollDue(49, 10, id -> true).isEmpty());
        assertEquals(Map.of(1L, 50L), t.pollDue(50, 10, id -> true));
        assertTrue(t.trackIfAbsent(9, 5));
        assertFalse(t.trackIfAbsent(9, 1));
        assertEquals(5, t.nextDeadline());
    }

    @Test
    void deadlinesNearTheEndOfTimeDoNotWrap() {
        ExpiryTracker t = new ExpiryTracker();
        t.track(1, Long.MAX_VALUE);
        t.track(2, Long.MAX_VALUE - 1);
        assertTrue(t.pollDue(Long.MAX_VALUE - 2, 10, id -> true).isEmpty());
        assertEquals(2, t.pollDue(Long.MAX_VALUE, 10, id -> true).size());
    }
}
