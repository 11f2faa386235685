package io.leasehold.shedlock;

import io.leasehold.FenceChecker;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Runs the README's ShedLock snippet on a real member. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShedLockExampleTest {

    @Test
    void readmeSnippetRuns() {
        try (TestCluster cluster = new TestCluster(1)) {
            FenceChecker reports = new FenceChecker();
            ShedLockExample.runDailyReport(cluster.first(), reports::accept);
            assertTrue(reports.highest("2026-12-01") > 0, "the task ran with a fence");
        }
    }
}
