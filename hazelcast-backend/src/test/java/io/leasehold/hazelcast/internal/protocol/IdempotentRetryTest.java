package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LockDecisions;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.core.Maps;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The same acquire or release sent twice (as after a lost response) applies once. */
class IdempotentRetryTest {

    @Test
    void theSameAcquireTwiceIsOneHoldWithOneFenceAndTheSameReleaseTwiceIsOneRelease() {
        try (TestCluster cluster = new TestCluster(1)) {
            HazelcastInstance member = cluster.first();
            IMap<String, LockRecord> locks = member.getMap(Maps.LOCKS);
            LockDecisions.AcquireRequest request = new LockDecisions.AcquireRequest(42, 7, 1, 10_000, 0, 0);

            LockReply first = locks.executeOnKey("retried", new Acquire(request));
            LockReply again = locks.executeOnKey("retried", new Acquire(request));
            assertEquals(LockReply.Code.GRANTED, first.code());
            assertEquals(LockReply.Code.GRANTED, again.code());
            assertEquals(first.fence(), again.fence());
            assertEquals(42, locks.get("retried").holderHold());
            assertTrue(locks.get("retried").waiters().isEmpty());

            LockDecisions.AcquireRequest other = new LockDecisions.AcquireRequest(43, 8, 1, 10_000, 0, 0);
            assertEquals(LockReply.Code.HELD, locks.executeOnKey("retried", new Acquire(other)).code());

            assertEquals(LockReply.Code.RELEASED, locks.executeOnKey("retried", new Release(42)).code());
            assertEquals(LockReply.Code.RELEASED, locks.executeOnKey("retried", new Release(42)).code());
            assertFalse(locks.get("retried").isHeld());
            assertEquals(first.fence(), locks.get("retried").fence());
        }
    }
}
