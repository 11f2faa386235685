package io.leasehold.hazelcast.internal;

import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The admin records and tasks round-trip, and the factory makes every admin id (40 and up). */
class AdminSerializationTest {

    private final InternalSerializationService ss = new DefaultSerializationServiceBuilder()
            .addDataSerializableFactory(LeaseholdSerialization.FACTORY_ID, new LeaseholdSerialization())
            .build();

    private <T> T roundTrip(T value) {
        T back = ss.toObject(ss.toData(value));
        assertEquals(value.getClass(), back.getClass());
        return back;
    }

    @Test
    void rowsRoundTrip() {
        AdminProcessors.LeaseRows leases = new AdminProcessors.LeaseRows();
        leases.rows.add(new AdminProcessors.LeaseRow(-5, 10_000, 9_000, 77, 2));
        leases.keys.add("k");
        leases.more = true;
        AdminProcessors.LeaseRows back = roundTrip(leases);
        assertEquals(leases.rows, back.rows);
        assertEquals(leases.keys, back.keys);
        assertTrue(back.more);
        AdminProcessors.LockRows locks = new AdminProcessors.LockRows();
        locks.rows.add(new AdminProcessors.LockRow("orders", 42, -5, 77, 1_500, 3));
        assertEquals(locks.rows, roundTrip(locks).rows);
    }

    @Test
    void tasksAndProcessorsRoundTrip() {
        roundTrip(new AdminProcessors.LeasePage("p1", -3L, 10));
        roundTrip(new AdminProcessors.LeasePage("p1", null, 10));
        roundTrip(new AdminProcessors.LockPage("p2", "after", 10));
        roundTrip(new AdminProcessors.LockPage("p2", null, 10));
        roundTrip(new AdminProcessors.LocksOfLease(9, 100));
        roundTrip(new AdminProcessors.ReadLease());
        roundTrip(new AdminProcessors.ReadLock());
        roundTrip(new AdminProcessors.ForceReleaseAndTell());
        HandoffNotice lost = roundTrip(HandoffNotice.lost("orders", 12, 42));
        assertTrue(lost.isLost());
        assertEquals(42, lost.fence());
        assertFalse(roundTrip(new HandoffNotice("orders", 12, 42)).isLost());
    }

    @Test
    void everyAdminIdIsMade() {
        LeaseholdSerialization factory = new LeaseholdSerialization();
        for (int id = 40; id <= 47; id++) {
            assertNotNull(factory.create(id), "no class for id " + id);
            assertEquals(id, factory.create(id).getClassId());
        }
    }
}
