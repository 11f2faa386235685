package io.leasehold.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.FenceChecker;
import io.leasehold.LeaseLock;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;

import java.time.Duration;

/** The README's usage example, kept compiling and running by {@link ReadmeExampleTest}. */
final class ReadmeExample {

    private ReadmeExample() {
    }

    static long run(String clusterName) throws InterruptedException {
        // README example begins
        HazelcastInstance member = LeaseholdConfig.startLocalMember(clusterName); // loopback only
        try (Leasehold leasehold = HazelcastLeasehold.create(member)) {
            FenceChecker ledger = new FenceChecker();            // the protected resource's side
            LeaseLock lock = leasehold.lock("orders/42");
            try (LockHandle handle = lock.tryLock(Duration.ofSeconds(5)).orElseThrow()) {
                // Pass the fence with every write; a holder that lost the lock is refused here.
                ledger.accept("orders/42", handle);          // the fence, and the lease that wrote it
                return handle.fence();
            }                                                    // closing the handle unlocks
        } finally {
            member.shutdown();
        }
        // README example ends
    }
}
