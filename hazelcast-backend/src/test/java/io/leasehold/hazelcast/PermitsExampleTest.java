package io.leasehold.hazelcast;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The README's semaphore and read-write lock examples run (their text is {@link ReadmeSnippetsTest}'s part). */
class PermitsExampleTest {

    @Test
    void theExamplesRunAndHandOutGrowingFences() throws InterruptedException {
        try (TestCluster cluster = new TestCluster(1)) {
            long first = PermitsExample.exportWithPermit(cluster.first());
            long second = PermitsExample.exportWithPermit(cluster.first());
            assertTrue(first > 0);
            assertTrue(second > first, "fences only grow: " + first + " then " + second);
            long[] prices = {41};
            PermitsExample.updatePrices(cluster.first(), prices);
            assertEquals(42, prices[0]);
        }
    }
}
