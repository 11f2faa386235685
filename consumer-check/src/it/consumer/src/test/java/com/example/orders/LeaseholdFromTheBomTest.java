package com.example.orders;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.LeaseLock;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a user's build does with the published artifacts: an embedded member on loopback, a lock, its fence. */
class LeaseholdFromTheBomTest {

    @Test
    void anEmbeddedMemberGrantsFencedLocks() throws InterruptedException {
        HazelcastInstance member = LeaseholdConfig.startLocalMember("orders-" + UUID.randomUUID());
        try (Leasehold leasehold = HazelcastLeasehold.create(member)) {
            LeaseLock lock = leasehold.lock("orders/42");
            long first;
            try (LockHandle handle = lock.tryLock(Duration.ofSeconds(30)).orElseThrow()) {
                first = handle.fence();
            }
            try (LockHandle handle = lock.tryLock(Duration.ofSeconds(30)).orElseThrow()) {
                assertTrue(handle.fence() > first, "the second hold's fence " + handle.fence()
                        + " must be above the first's " + first);
            }
        } finally {
            member.shutdown();
        }
    }
}
