package io.leasehold.hazelcast.internal.protocol;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import io.leasehold.hazelcast.LeaseholdSerializationFactory;
import io.leasehold.hazelcast.internal.core.HoldDecisions;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.HoldReply;
import io.leasehold.hazelcast.internal.core.PermitHold;
import io.leasehold.hazelcast.internal.core.PermitWaiter;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** Every record, reply and processor of semaphores and read-write locks round-trips. */
class HoldSerializationTest {

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

    private static HoldDecisions.Request request() {
        return new HoldDecisions.Request(1, 2, 3, 4, 5, true, 6, 7, 8);
    }

    @Test
    void recordRoundTrips() {
        HoldRecord r = new HoldRecord(10, 99, List.of(new PermitHold(1, 2, 3, 4, 5, false, 6, 7),
                new PermitHold(8, 9, 10, 11, Integer.MAX_VALUE, true, 12, 13)),
                List.of(new PermitWaiter(14, 15, 16, 17, 18, true, 19)), List.of(20L, 21L));
        assertEquals(r, roundTrip(r));
        assertEquals(new HoldRecord(), roundTrip(new HoldRecord()));
    }

    @Test
    void replyRoundTrips() {
        HoldRecord r = new HoldRecord(3, 9, List.of(new PermitHold(1, 2, 3, 4, 2, false, 6, 9)), List.of(), List.of());
        HoldReply back = roundTrip(HoldReply.of(HoldDecisions.Code.NOT_HELD, r, 9, 2, 77));
        assertEquals(HoldDecisions.Code.NOT_HELD, back.code());
        assertEquals(9, back.fence());
        assertEquals(2, back.count());
        assertEquals(3, back.limit());
        assertEquals(1, back.available());
        assertEquals(77, back.suspectLease());
        assertTrue(back.exists());
        assertFalse(roundTrip(HoldReply.of(HoldDecisions.Code.UNKNOWN_NAME, null, 0, 0, 0)).exists());
    }

    @Test
    void processorsRoundTripWithTheirFields() {
        HoldDecisions.Request req = request();
        HoldDecisions.Request back = readField(roundTrip(new AcquirePermits(req)), "request");
        assertEquals(req, back);
        assertEquals(req, readField(roundTrip(new DrainPermits(req)), "request"));
        HoldDecisions.Release rel = new HoldDecisions.Release(1, 2, 3, 4);
        assertEquals(rel, readField(roundTrip(new ReleasePermits(rel)), "request"));
        assertEquals(5L, (long) readField(roundTrip(new CancelPermits(5)), "holdId"));
        assertEquals(Set.of(1L, 2L), readField(roundTrip(new ReleaseLeasePermits(Set.of(1L, 2L))), "leaseIds"));
        ChangePermits change = roundTrip(ChangePermits.change(-3, 42));
        assertEquals(-3L, (long) readField(change, "amount"));
        assertEquals(42L, (long) readField(change, "changeId"));
        assertTrue((boolean) readField(roundTrip(ChangePermits.init(4)), "init"));
        assertEquals(6L, (long) readField(roundTrip(new PermitStanding(6)), "holdId"));
        assertEquals(7L, (long) readField(roundTrip(new PermitRead(7)), "leaseId"));
        roundTrip(new HoldMergePolicy());
        roundTrip(new MultiSetBackup<>(Map.of("semaphore/s", new HoldRecord()), Set.of("rwlock/gone")));
    }

    @Test
    void everyNewIdTheFactoryKnowsIsMade() {
        LeaseholdSerializationFactory factory = new LeaseholdSerializationFactory();
        for (int id = SerializationIds.HOLD_RECORD; id <= SerializationIds.HOLD_MERGE_POLICY; id++) {
            assertNotNull(factory.create(id), "no class for id " + id);
            assertEquals(id, factory.create(id).getClassId());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T readField(Object o, String name) {
        try {
            var f = o.getClass().getDeclaredField(name);
            f.setAccessible(true);
            return (T) f.get(o);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
