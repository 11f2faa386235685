package io.leasehold.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.FenceChecker;
import io.leasehold.LeaseLock;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdConfig;

import java.time.Duration;

public class LockExample {

    public static void main(String[] args) throws InterruptedException {
        String clusterName = args.length > 0 ? args[0] : "my-app-locks";
        HazelcastInstance member = LeaseholdConfig.startLocalMember(clusterName); // loopback only
        try {
            System.out.println("order 42 written with fence " + writeOrder(member));
        } finally {
            member.shutdown();
        }
    }

    /** Locks order 42, writes it under the lock's fence, and unlocks. Returns the fence. */
    public static long writeOrder(HazelcastInstance member) throws InterruptedException {
        try (Leasehold leasehold = HazelcastLeasehold.create(member)) {
            FenceChecker ledger = new FenceChecker();            // the protected resource's side
            LeaseLock lock = leasehold.lock("orders/42");
            try (LockHandle handle = lock.tryLock(Duration.ofSeconds(5)).orElseThrow()) {
                // Pass the fence with every write; a holder that lost the lock is refused here.
                ledger.accept("orders/42", handle);              // the fence, and the lease that wrote it
                return handle.fence();
            }                                                    // closing the handle unlocks
        }
    }
}
