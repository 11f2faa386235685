package io.leasehold.fencedlock;

import com.hazelcast.cp.lock.FencedLock;
import io.leasehold.FenceChecker;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** Runs the README's FencedLock and Lock-view snippets on a real member. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FencedLockExampleTest {

    @Test
    void readmeSnippetsRun() throws Exception {
        try (TestCluster cluster = new TestCluster(1)) {
            FenceChecker inventory = new FenceChecker();
            FencedLockExample.reserve(cluster.first(), (sku, quantity, fence) -> inventory.accept(sku, fence));
            assertTrue(inventory.highest("sku-1") > 0);

            try (Leasehold leasehold = HazelcastLeasehold.create(cluster.first())) {
                FencedLock[] limited = FencedLockExample.limited(leasehold);
                assertEquals(1, ((LeaseholdFencedLock) limited[0]).lockAcquireLimit());
                assertEquals(5, ((LeaseholdFencedLock) limited[1]).lockAcquireLimit());
                LeaseholdFencedLocks.forget(leasehold);
            }

            long[] balance = {100};
            LockViewExample.withdraw(cluster.first(), balance, 30);
            assertEquals(70, balance[0]);
        }
    }
}
