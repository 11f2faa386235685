package io.leasehold.fencedlock;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/** The README's java.util.concurrent Lock snippet, compiled (and run by {@code FencedLockExampleTest}). */
public class LockViewExample {

    // --- README
    public static void withdraw(HazelcastInstance hazelcast, long[] balance, long amount) throws InterruptedException {
        try (Leasehold leasehold = HazelcastLeasehold.create(hazelcast)) {
            Lock lock = leasehold.lock("account-7").asLock(); // reentrant per thread, like ReentrantLock
            if (lock.tryLock(5, TimeUnit.SECONDS)) {
                try {
                    balance[0] -= amount;
                } finally {
                    lock.unlock();
                }
            }
        }
    }
    // --- end
}
