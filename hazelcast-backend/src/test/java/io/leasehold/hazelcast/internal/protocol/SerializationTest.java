package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import io.leasehold.hazelcast.internal.core.LockDecisions;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.core.Waiter;
import io.leasehold.hazelcast.LeaseholdSerializationFactory;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Every record and processor round-trips through Leasehold's serialization factory. */
class SerializationTest {

    private final InternalSerializationService ss = new DefaultSerializationServiceBuilder()
            .addDataSerializableFactory(SerializationIds.FACTORY_ID, new LeaseholdSerializationFactory())
            .build();

    private <T> T roundTrip(T value) {
        Data data = ss.toData(value);
        T back = ss.toObject(data);
        assertNotNull(back);
        assertEquals(value.getClass(), back.getClass());
        return back;
    }

    @Test
    void recordsRoundTrip() {
        LeaseRecord lease = new LeaseRecord(1_000, 5_000, 77, Set.of("a", "b"));
        assertEquals(lease, roundTrip(lease));
        LockRecord lock = new LockRecord(9, 1, 2, 3, 4, 5, 6, List.of(new Waiter(7, 8, 9, 10, 11)));
        assertEquals(lock, roundTrip(lock));
    }

    @Test
    void repliesRoundTrip() {
        LeaseReply reply = LeaseReply.ok(new LeaseRecord(1_000, 5_000, 0, Set.of("k")), 4_000);
        LeaseReply back = roundTrip(reply);
        assertTrue(back.isOk());
        // What the holder may count on: the time to the deadline less the slew's slack (11 ms for 1 s).
        assertEquals(1_000 - LeaseDecisions.slack(1_000), back.remaining());
        LeaseReply refused = roundTrip(LeaseReply.ttlRefused(LeaseDecisions.Failure.TTL_TOO_SHORT, 500));
        assertEquals(LeaseDecisions.Failure.TTL_TOO_SHORT, refused.failure());
        assertEquals(500, refused.ttl());
        assertEquals(Set.of("k"), back.keys());
        LeaseReply failed = roundTrip(LeaseReply.failed(LeaseDecisions.Failure.EXPIRED, null, 0));
        assertEquals(LeaseDecisions.Failure.EXPIRED, failed.failure());
        LockReply lock = roundTrip(LockReply.of(LockReply.Code.QUEUED,
                new LockRecord(9, 1, 2, 3, 4, 5, 0, List.of()), true));
        assertEquals(LockReply.Code.QUEUED, lock.code());
        assertEquals(9, lock.fence());
        assertTrue(lock.suspect());
    }

    @Test
    void processorsRoundTrip() {
        roundTrip(new Grant(1_000, 5));
        roundTrip(new Renew());
        roundTrip(new Revoke());
        roundTrip(new RevokeExpired(Map.of(1L, 2L)));
        roundTrip(new Attach(List.of("a"), true));
        roundTrip(new LeaseRead());
        roundTrip(new Acquire(new LockDecisions.AcquireRequest(1, 2, 3, 4, 5, 6)));
        roundTrip(new Release(1));
        roundTrip(new ReleaseLeases(Set.of(1L, 2L)));
        roundTrip(new Cancel(3));
        roundTrip(new LockRead());
        roundTrip(new SetBackup<>(new LeaseRecord(1, 2, 3, Set.of())));
        roundTrip(new MultiSetBackup<>(Map.of("k", new LockRecord()), Set.of("gone")));
        roundTrip(new LeasesEnded(Set.of(7L)));
        roundTrip(new LeasesEndedOperation(Set.of(7L, 8L)));
    }

    @Test
    void everyIdTheFactoryKnowsIsMade() {
        LeaseholdSerializationFactory factory = new LeaseholdSerializationFactory();
        for (int id = 1; id <= 28; id++) {
            assertNotNull(factory.create(id), "no class for id " + id);
            assertEquals(id, factory.create(id).getClassId());
        }
        assertNull(factory.create(999));
    }
}
