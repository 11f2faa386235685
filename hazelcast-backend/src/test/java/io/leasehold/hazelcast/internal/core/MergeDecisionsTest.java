package io.leasehold.hazelcast.internal.core;

import io.leasehold.hazelcast.internal.protocol.LeaseMergePolicy;
import io.leasehold.hazelcast.internal.protocol.LockMergePolicy;
import io.leasehold.hazelcast.internal.protocol.QuorumHoldMergePolicy;
import io.leasehold.hazelcast.internal.protocol.QuorumLockMergePolicy;
import io.leasehold.hazelcast.LeaseholdSerializationFactory;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import com.hazelcast.map.impl.SimpleEntryView;
import com.hazelcast.spi.impl.merge.MergingValueFactory;
import com.hazelcast.spi.merge.SplitBrainMergeTypes.MapMergeTypes;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** What a split-brain heal keeps, decided without a cluster, then through Hazelcast's own merge views. */
class MergeDecisionsTest {

    private static LockRecord held(long fence, long lease, long hold) {
        return new LockRecord(fence, lease, hold, 7, 1_000, 100, 0, List.of());
    }

    private static LockRecord free(long fence) {
        return new LockRecord(fence, 0, 0, 0, 0, 0, 0, List.of());
    }

    @Test
    void theSameFenceHeldOnBothSidesKeepsOneHolderDeterministicallyAboveBoth() {
        LockRecord a = held(5, 0xA, 11);
        LockRecord b = held(5, 0xB, 22);
        LockRecord ab = MergeDecisions.mergeLocks(a, b);
        LockRecord ba = MergeDecisions.mergeLocks(b, a);
        assertEquals(ab, ba, "every member keeps the same holder");
        assertEquals(22, ab.holderHold());
        assertEquals(0xB, ab.holderLease());
        assertEquals(6, ab.fence(), "above both sides' fence 5");
        assertTrue(MergeDecisions.twoHolders(a, b));
    }

    @Test
    void twoHoldersKeepTheHigherFenceAsItIs() {
        LockRecord low = held(5, 0xA, 11);
        LockRecord high = held(9, 0xB, 22);
        assertSame(high, MergeDecisions.mergeLocks(low, high));
        assertSame(high, MergeDecisions.mergeLocks(high, low));
    }

    @Test
    void aHolderSurvivesAFreeRecordAndItsFenceOrdersAboveWhatTheOtherSideIssued() {
        LockRecord holder = held(5, 0xA, 11);
        LockRecord freedAfterMore = free(8);   // the other side granted 6, 7, 8 and released
        LockRecord merged = MergeDecisions.mergeLocks(freedAfterMore, holder);
        assertEquals(11, merged.holderHold());
        assertEquals(9, merged.fence());
        assertTrue(merged.isHeld());

        LockRecord older = free(4);            // the other side saw nothing after fence 4
        assertSame(holder, MergeDecisions.mergeLocks(older, holder));
    }

    @Test
    void twoFreeRecordsKeepTheHigherFenceSoTheNextGrantIsAboveBoth() {
        assertEquals(8, MergeDecisions.mergeLocks(free(8), free(3)).fence());
        assertEquals(8, MergeDecisions.mergeLocks(free(3), free(8)).fence());
        assertFalse(MergeDecisions.mergeLocks(free(3), free(8)).isHeld());
    }

    @Test
    void theSameHoldOnBothSidesIsKeptWithoutABump() {
        LockRecord withWaiter = new LockRecord(5, 0xA, 11, 7, 1_000, 100, 0, List.of(new Waiter(30, 0xC, 8, 1_000, 5_000)));
        LockRecord without = held(5, 0xA, 11);
        LockRecord merged = MergeDecisions.mergeLocks(withWaiter, without);
        assertEquals(5, merged.fence());
        assertEquals(11, merged.holderHold());
        assertFalse(MergeDecisions.twoHolders(withWaiter, without));
    }

    @Test
    void aMissingSideKeepsTheOther() {
        LockRecord only = held(3, 0xA, 11);
        assertSame(only, MergeDecisions.mergeLocks(only, null));
        assertSame(only, MergeDecisions.mergeLocks(null, only));
        LockRecord equal = held(3, 0xA, 11);
        assertSame(equal, MergeDecisions.mergeLocks(only, equal), "equal records keep the existing one");
    }

    @Test
    void aLeaseSurvivesOnlyWhileAliveOnTheMembersClock() {
        long now = 10_000;
        LeaseRecord alive = new LeaseRecord(1_000, now + 500, 7, Set.of("a"));
        LeaseRecord dead = new LeaseRecord(1_000, now, 7, Set.of("a"));   // deadline reached
        assertSame(alive, MergeDecisions.mergeLeases(alive, null, now));
        assertNull(MergeDecisions.mergeLeases(dead, null, now), "a dead lease does not come back with the heal");
        assertNull(MergeDecisions.mergeLeases(dead, dead, now));
        assertSame(alive, MergeDecisions.mergeLeases(dead, alive, now));
        assertSame(alive, MergeDecisions.mergeLeases(alive, dead, now));
    }

    @Test
    void aLeaseAliveOnBothSidesKeepsTheLaterDeadlineAndEveryKey() {
        long now = 10_000;
        LeaseRecord renewedHere = new LeaseRecord(1_000, now + 900, 7, Set.of("a"));
        LeaseRecord lockedThere = new LeaseRecord(1_000, now + 300, 7, Set.of("a", "b"));
        LeaseRecord merged = MergeDecisions.mergeLeases(renewedHere, lockedThere, now);
        assertEquals(now + 900, merged.deadline());
        assertEquals(Set.of("a", "b"), merged.keys());
        assertEquals(merged, MergeDecisions.mergeLeases(lockedThere, renewedHere, now));
    }

    @Test
    void underAMajoritysProtectionAHoldOnlyTheJoiningSideShowsDoesNotComeBack() {
        // Issue 20: the cut-off member's copy still held by a hold taken before the cut, which the side that
        // kept its quorum released and granted beyond: the lock comes back free, its fence above both.
        LockRecord staleHold = held(5, 0xA, 11);
        LockRecord releasedSince = free(8);
        LockRecord merged = MergeDecisions.mergeLocksKeepingQuorum(staleHold, releasedSince);
        assertFalse(merged.isHeld(), "a hold that ended on the quorum's side came back: " + merged);
        assertEquals(8, merged.fence());
        // The same hold ended there without a grant after it: free too.
        assertFalse(MergeDecisions.mergeLocksKeepingQuorum(staleHold, free(5)).isHeld());
        // A grant the joining side never confirmed, with a fence above the quorum's: free, above both.
        LockRecord unconfirmed = MergeDecisions.mergeLocksKeepingQuorum(held(9, 0xA, 12), free(8));
        assertFalse(unconfirmed.isHeld());
        assertEquals(9, unconfirmed.fence());
        // A record only the joining side has: free at its fence.
        assertEquals(free(5), MergeDecisions.mergeLocksKeepingQuorum(staleHold, null));
        assertSame(releasedSince, MergeDecisions.mergeLocksKeepingQuorum(null, releasedSince));
    }

    @Test
    void underAMajoritysProtectionTheQuorumsHolderStaysAboveWhatTheOtherSideIssued() {
        LockRecord holder = held(9, 0xB, 22);
        assertSame(holder, MergeDecisions.mergeLocksKeepingQuorum(free(5), holder));
        assertSame(holder, MergeDecisions.mergeLocksKeepingQuorum(held(9, 0xB, 22), holder), "the same hold on both");
        LockRecord raised = MergeDecisions.mergeLocksKeepingQuorum(held(12, 0xA, 11), holder);
        assertEquals(22, raised.holderHold());
        assertEquals(13, raised.fence(), "the holder's fence orders after the other side's");
        assertFalse(MergeDecisions.mergeLocksKeepingQuorum(free(12), free(3)).isHeld());
        assertEquals(12, MergeDecisions.mergeLocksKeepingQuorum(free(12), free(3)).fence());
    }

    @Test
    void underAMajoritysProtectionASemaphoreHoldOnlyTheJoiningSideShowsDoesNotComeBack() {
        // A permit taken before the cut and released on the side that kept its quorum, which then granted
        // beyond it: the joining side's stale copy still shows the permit out. The quorum's record comes
        // back whole, its fence above both sides'.
        HoldRecord empty = HoldDecisions.init(null, 2).next();
        HoldDecisions.Request take = new HoldDecisions.Request(1, 100, 7, 1_000, 1, false, 0, 0, 0);
        HoldRecord staleHold = HoldDecisions.acquire(empty, take, 10).next();
        assertEquals(1, staleHold.holds().size());
        HoldRecord releasedHere = HoldDecisions.release(staleHold, new HoldDecisions.Release(50, 100, 0, 1), 11).next();
        assertTrue(releasedHere.holds().isEmpty());
        HoldRecord merged = MergeDecisions.mergeHoldsKeepingQuorum(staleHold, releasedHere);
        assertTrue(merged.holds().isEmpty(), "a permit that ended on the quorum's side came back: " + merged);
        // Without a majority's protection the side with the higher fence wins, the existing side on a tie.
        assertSame(releasedHere, MergeDecisions.mergeHolds(staleHold, releasedHere));

        // The joining side granted (unconfirmed) with a higher fence: the quorum's record, fence raised.
        HoldRecord grantedThere = HoldDecisions.acquire(releasedHere,
                new HoldDecisions.Request(2, 200, 8, 1_000, 1, false, 0, 0, 0), 12).next();
        HoldRecord raised = MergeDecisions.mergeHoldsKeepingQuorum(grantedThere, releasedHere);
        assertTrue(raised.holds().isEmpty());
        assertEquals(grantedThere.fence(), raised.fence());
        // A record only the joining side has: no holds, its fence and limit kept.
        HoldRecord alone = MergeDecisions.mergeHoldsKeepingQuorum(grantedThere, null);
        assertTrue(alone.holds().isEmpty() && alone.waiters().isEmpty());
        assertEquals(grantedThere.fence(), alone.fence());
        assertEquals(2, alone.limit());
        assertSame(releasedHere, MergeDecisions.mergeHoldsKeepingQuorum(null, releasedHere));
    }

    /** The policies as Hazelcast calls them: with its merge views over serialized records. */
    @Test
    void thePoliciesDecideOnHazelcastsMergeViews() {
        InternalSerializationService ss = new DefaultSerializationServiceBuilder()
                .addDataSerializableFactory(SerializationIds.FACTORY_ID, new LeaseholdSerializationFactory())
                .build();
        LockMergePolicy locks = ss.toObject(ss.toData(new LockMergePolicy()));
        Object merged = locks.merge(view(ss, "L", held(5, 0xA, 11)), view(ss, "L", held(5, 0xB, 22)));
        LockRecord kept = merged instanceof Data d ? ss.toObject(d) : (LockRecord) merged;
        assertEquals(22, kept.holderHold());
        assertEquals(6, kept.fence());

        Object same = locks.merge(view(ss, "L", free(3)), view(ss, "L", free(8)));
        assertEquals(free(8), same instanceof Data d ? ss.toObject(d) : same);

        QuorumLockMergePolicy quorum = ss.toObject(ss.toData(new QuorumLockMergePolicy()));
        Object afterQuorum = quorum.merge(view(ss, "L", held(5, 0xA, 11)), view(ss, "L", free(8)));
        assertEquals(free(8), afterQuorum instanceof Data d ? ss.toObject(d) : afterQuorum);

        QuorumHoldMergePolicy holds = ss.toObject(ss.toData(new QuorumHoldMergePolicy()));
        HoldRecord semaphore = HoldDecisions.init(null, 3).next();
        Object keptHolds = holds.merge(view(ss, "S", semaphore), null);
        assertEquals(semaphore, keptHolds instanceof Data d ? ss.toObject(d) : keptHolds);

        LeaseMergePolicy leases = ss.toObject(ss.toData(new LeaseMergePolicy()));
        long now = System.currentTimeMillis();
        assertNull(leases.merge(view(ss, 1L, new LeaseRecord(1_000, 1, 7, Set.of())), null),
                "a lease whose deadline passed long ago is dropped");
        LeaseRecord alive = new LeaseRecord(1_000, now + 3_600_000, 7, Set.of("a"));
        Object keptLease = leases.merge(view(ss, 2L, alive), null);
        assertEquals(alive, keptLease instanceof Data d ? ss.toObject(d) : keptLease);
    }

    private static MapMergeTypes<Object, Object> view(InternalSerializationService ss, Object key, Object value) {
        Data k = ss.toData(key);
        Data v = ss.toData(value);
        return MergingValueFactory.createMergingEntry(ss, new SimpleEntryView<>(k, v));
    }
}
