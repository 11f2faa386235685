package io.leasehold.fencedlock;

import com.hazelcast.config.cp.FencedLockConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.cp.lock.FencedLock;
import io.leasehold.Leasehold;
import io.leasehold.fencedlock.LeaseholdFencedLocks;
import io.leasehold.hazelcast.HazelcastLeasehold;

/** The README's FencedLock snippet, compiled (and run by {@code FencedLockExampleTest}). */
public class FencedLockExample {

    /** A resource that refuses a write carrying a fence lower than one it has accepted. */
    public interface Inventory {
        void reserve(String sku, int quantity, long fence);
    }

    // --- README
    public static void reserve(HazelcastInstance hazelcast, Inventory inventory) {
        Leasehold leasehold = HazelcastLeasehold.create(hazelcast);
        // Was: FencedLock lock = hazelcast.getCPSubsystem().getLock("inventory");
        FencedLock lock = LeaseholdFencedLocks.get(leasehold, "inventory");

        long fence = lock.lockAndGetFence();
        try {
            inventory.reserve("sku-1", 2, fence); // the resource refuses a lower fence
        } finally {
            lock.unlock();
        }

        LeaseholdFencedLocks.forget(leasehold);
        leasehold.close();
    }
    // --- end

    /** The module README's lock acquire limit snippet: a non-reentrant lock and one limited to 5. */
    public static FencedLock[] limited(Leasehold leasehold) {
        // --- README
        FencedLock mutex = LeaseholdFencedLocks.get(leasehold, new FencedLockConfig("inventory").disableReentrancy());
        FencedLock limited = LeaseholdFencedLocks.get(leasehold, new FencedLockConfig("orders", 5));
        // --- end
        return new FencedLock[] {mutex, limited};
    }
}
