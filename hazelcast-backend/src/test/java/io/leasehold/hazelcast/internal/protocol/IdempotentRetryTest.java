package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LockDecisions;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.core.Maps;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.Test;

import java.util.List;

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

    /**
     * unlock() then lock() on the same instance: the acquire carries the release still in flight. If
     * the acquire gets there first it applies the release (handing the lock to the waiter queued
     * before it) and queues behind; the release, arriving after, finds it applied and answers so.
     */
    @Test
    void anAcquireThatOvertakesItsOwnReleaseAppliesItFirstAndTheReleaseFindsItApplied() {
        try (TestCluster cluster = new TestCluster(1)) {
            IMap<String, LockRecord> locks = cluster.first().getMap(Maps.LOCKS);
            assertEquals(LockReply.Code.GRANTED, locks.executeOnKey("carried",
                    new Acquire(new LockDecisions.AcquireRequest(1, 7, 1, 10_000, 0, 0))).code());
            assertEquals(LockReply.Code.QUEUED, locks.executeOnKey("carried",
                    new Acquire(new LockDecisions.AcquireRequest(2, 8, 2, 10_000, 5_000, 0))).code());
            long fenceBefore = locks.get("carried").fence();

            LockReply next = locks.executeOnKey("carried",
                    new Acquire(new LockDecisions.AcquireRequest(3, 7, 1, 10_000, 5_000, 0, 1)));
            assertEquals(LockReply.Code.QUEUED, next.code(), "queued behind the waiter that was there first");
            LockRecord record = locks.get("carried");
            assertEquals(2, record.holderHold(), "the earlier waiter got the lock from the carried release");
            assertTrue(record.fence() > fenceBefore);
            assertEquals(List.of(3L), record.waiters().stream().map(w -> w.holdId()).toList());

            assertEquals(LockReply.Code.RELEASED, locks.executeOnKey("carried", new Release(1)).code(),
                    "the release, arriving late, finds itself applied");
            assertEquals(2, locks.get("carried").holderHold());

            // A carried release that already arrived changes nothing more.
            assertEquals(LockReply.Code.RELEASED, locks.executeOnKey("carried", new Release(2)).code());
            assertEquals(3, locks.get("carried").holderHold());
            assertEquals(LockReply.Code.GRANTED, locks.executeOnKey("carried",
                    new Acquire(new LockDecisions.AcquireRequest(3, 7, 1, 10_000, 5_000, 0, 2))).code());
            assertEquals(3, locks.get("carried").holderHold());
        }
    }
}
