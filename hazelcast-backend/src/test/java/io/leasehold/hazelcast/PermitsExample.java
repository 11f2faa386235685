package io.leasehold.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.LeaseSemaphore;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;

public class PermitsExample {

    /** At most 4 exports at a time across the cluster; a dead exporter's permits come back with its lease. */
    public static long exportWithPermit(HazelcastInstance hazelcast) throws InterruptedException {
        try (Leasehold leasehold = HazelcastLeasehold.create(hazelcast)) {
            LeaseSemaphore exports = leasehold.semaphore("exports");
            exports.init(4);                                   // false if already set: nothing changes
            OptionalLong fence = exports.tryAcquire(1, Duration.ofSeconds(5));
            if (fence.isEmpty()) {
                return 0;                                      // still 4 exports running
            }
            try {
                return fence.getAsLong();                      // pass it to the resource, as for a lock
            } finally {
                exports.release(1);
            }
        }
    }

    /** Many readers or one writer of the price list; a reader cannot upgrade (it is refused, not deadlocked). */
    public static void updatePrices(HazelcastInstance hazelcast, long[] prices) {
        try (Leasehold leasehold = HazelcastLeasehold.create(hazelcast)) {
            ReadWriteLock lock = leasehold.readWriteLock("prices").asReadWriteLock();
            Lock write = lock.writeLock();                      // reentrant per thread
            write.lock();
            try {
                prices[0] += 1;
            } finally {
                write.unlock();
            }
        }
    }
}
