package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.HandoffNotice;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.LeaseholdSerializationFactory;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The admin records and tasks round-trip, and the factory makes every admin id (40 and up). */
class AdminSerializationTest {

    private final InternalSerializationService ss = new DefaultSerializationServiceBuilder()
            .addDataSerializableFactory(SerializationIds.FACTORY_ID, new LeaseholdSerializationFactory())
            .build();

    private <T> T roundTrip(T value) {
        T back = ss.toObject(ss.toData(value));
        assertEquals(value.getClass(), back.getClass());
        return back;
    }

    @Test
    void rowsRoundTrip() {
        LeaseRows leases = new LeaseRows();
        leases.rows.add(new LeaseRow(-5, 10_000, 9_000, 77, 2));
        leases.keys.add("k");
        leases.more = true;
        LeaseRows back = roundTrip(leases);
        assertEquals(leases.rows, back.rows);
        assertEquals(leases.keys, back.keys);
        assertTrue(back.more);
        LockRows locks = new LockRows();
        locks.rows.add(new LockRow("orders", 42, -5, 77, 1_500, 3));
        assertEquals(locks.rows, roundTrip(locks).rows);
        HoldRows holds = new HoldRows();
        holds.rows.add(new HoldRow("semaphore/pool", 5, 2, 1,
                java.util.List.of(new HoldRow.Hold(11, -5, 77, 3, false, 42, 1_500))));
        holds.rows.add(new HoldRow("rwlock/doc", Integer.MAX_VALUE, 0, 0,
                java.util.List.of(new HoldRow.Hold(12, 9, 78, Integer.MAX_VALUE, true, 43, 0))));
        holds.more = true;
        HoldRows holdsBack = roundTrip(holds);
        assertEquals(holds.rows, holdsBack.rows);
        assertTrue(holdsBack.more);
    }

    @Test
    void tasksAndProcessorsRoundTrip() {
        roundTrip(new LeasePage("p1", -3L, 10));
        roundTrip(new LeasePage("p1", null, 10));
        roundTrip(new LockPage("p2", "after", 10));
        roundTrip(new LockPage("p2", null, 10));
        roundTrip(new LocksOfLease(9, 100));
        roundTrip(new ReadLease());
        roundTrip(new ReadLock());
        roundTrip(new ForceReleaseAndTell());
        roundTrip(new HoldPage("p3", "semaphore/a", 10));
        roundTrip(new HoldPage("p3", null, 10));
        roundTrip(new ReadHolds());
        roundTrip(new ForceReleaseHolds(0));
        roundTrip(new HoldsOfLease(9, 100));
        HandoffNotice lost = roundTrip(HandoffNotice.lost("orders", 12, 42));
        assertTrue(lost.isLost());
        assertEquals(42, lost.fence());
        assertFalse(roundTrip(new HandoffNotice("orders", 12, 42)).isLost());
    }

    @Test
    void everyAdminIdIsMade() {
        LeaseholdSerializationFactory factory = new LeaseholdSerializationFactory();
        for (int id = 40; id <= 52; id++) {
            assertNotNull(factory.create(id), "no class for id " + id);
            assertEquals(id, factory.create(id).getClassId());
        }
    }
}
