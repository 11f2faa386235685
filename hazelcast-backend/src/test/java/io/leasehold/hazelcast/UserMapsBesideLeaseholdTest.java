package io.leasehold.hazelcast;

import com.example.outside.OrderRejected;
import com.example.outside.RejectingProcessor;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;

/**
 * An application's own maps on the members Leasehold runs on: Leasehold changes nothing in how they
 * serialize (issue 24: its filter, set on every member, dropped {@code IMap.unlock}'s
 * {@code IllegalMonitorStateException} until the invocation timeout and refused a user's
 * {@code AtomicLong}). Two members, each call made on one member for a key the other owns, so every
 * answer crosses the wire between members; Leasehold holds a lock on the same cluster meanwhile.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UserMapsBesideLeaseholdTest {

    /** Far below Hazelcast's 120 s invocation timeout: an answer the filter dropped would take that long. */
    private static final Duration PROMPTLY = Duration.ofSeconds(10);

    @Test
    void unlockByANonOwnerGetsIllegalMonitorStateExceptionPromptly() {
        try (TestCluster cluster = new TestCluster(2)) {
            unlockByANonOwnerFailsPromptly(cluster);
        }
    }

    @Test
    void anExceptionFromTheUsersEntryProcessorReachesTheCaller() {
        try (TestCluster cluster = new TestCluster(2)) {
            HazelcastInstance caller = cluster.first();
            String key = keyOwnedBy(cluster, cluster.last());
            try (Leasehold leasehold = HazelcastLeasehold.create(caller);
                 LockHandle held = leasehold.lock("orders").tryLock().orElseThrow()) {
                IMap<String, Object> orders = caller.getMap("user-orders");
                orders.put(key, 42L);
                OrderRejected e = assertTimeoutPreemptively(PROMPTLY,
                        () -> assertThrows(OrderRejected.class, () -> orders.executeOnKey(key, new RejectingProcessor())));
                assertTrue(e.getMessage().contains("order " + key + " is over the limit"), e.getMessage());
                assertTrue(held.isValid());
            }
        }
    }

    @Test
    void theUsersSerializableValueIsReadableOnEveryMember() {
        try (TestCluster cluster = new TestCluster(2)) {
            HazelcastInstance a = cluster.first();
            HazelcastInstance b = cluster.last();
            String onB = keyOwnedBy(cluster, b);
            String onA = keyOwnedBy(cluster, a);
            try (Leasehold leasehold = HazelcastLeasehold.create(a);
                 LockHandle held = leasehold.lock("counters").tryLock().orElseThrow()) {
                a.<String, AtomicLong>getMap("user-counters").put(onB, new AtomicLong(42));
                b.<String, AtomicLong>getMap("user-counters").put(onA, new AtomicLong(7));
                for (HazelcastInstance reader : cluster.members) {
                    IMap<String, AtomicLong> counters = reader.getMap("user-counters");
                    assertEquals(42, counters.get(onB).get());
                    assertEquals(7, counters.get(onA).get());
                }
                assertTrue(held.fence() > 0);
                assertEquals(held.fence(), leasehold.lock("counters").holder().orElseThrow().fence());
            }
        }
    }

    /** On members that carry Leasehold's filter, every exception still reaches its caller. */
    @Test
    void withLeaseholdsFilterEveryExceptionStillReachesItsCaller() {
        try (TestCluster cluster = new TestCluster(2, TestCluster.filteredTestSettings())) {
            unlockByANonOwnerFailsPromptly(cluster);
            HazelcastInstance caller = cluster.first();
            String key = keyOwnedBy(cluster, cluster.last());
            IMap<String, Object> orders = caller.getMap("user-orders");
            // The processor's own class is admitted (Leasehold's package); the exception it throws is the
            // application's, in no list: admitted because it is a Throwable.
            OrderRejected e = assertTimeoutPreemptively(PROMPTLY,
                    () -> assertThrows(OrderRejected.class, () -> orders.executeOnKey(key, new ThrowingProcessor())));
            assertTrue(e.getMessage().contains("rejected on the owner"), e.getMessage());
        }
    }

    /** Admitted by Leasehold's filter (its package); throws the application's own exception. */
    static final class ThrowingProcessor implements EntryProcessor<String, Object, Object> {
        private static final long serialVersionUID = 1L;

        @Override
        public Object process(Map.Entry<String, Object> entry) {
            throw new OrderRejected("rejected on the owner of " + entry.getKey());
        }
    }

    private static void unlockByANonOwnerFailsPromptly(TestCluster cluster) {
        HazelcastInstance owner = cluster.last();
        HazelcastInstance other = cluster.first();
        String key = keyOwnedBy(cluster, owner);
        try (Leasehold leasehold = HazelcastLeasehold.create(other);
             LockHandle held = leasehold.lock("beside-the-user-map").tryLock().orElseThrow()) {
            IMap<String, String> onOwner = owner.getMap("user-locks");
            onOwner.lock(key);
            IMap<String, String> onOther = other.getMap("user-locks");
            IllegalMonitorStateException e = assertTimeoutPreemptively(PROMPTLY,
                    () -> assertThrows(IllegalMonitorStateException.class, () -> onOther.unlock(key)));
            assertNotNull(e.getMessage());
            assertTrue(onOwner.isLocked(key), "the misuse must not have released the owner's lock");
            onOwner.unlock(key);
            assertFalse(onOther.isLocked(key));
            assertTrue(held.isValid(), "Leasehold's lock on the same cluster stays held");
        }
    }

    /** A key whose partition {@code member} owns. */
    private static String keyOwnedBy(TestCluster cluster, HazelcastInstance member) {
        for (int i = 0; i < 10_000; i++) {
            String key = "key-" + i;
            if (cluster.ownerOf(key) == member) {
                return key;
            }
        }
        throw new AssertionError("no key of the first 10,000 is owned by " + member.getName());
    }
}
