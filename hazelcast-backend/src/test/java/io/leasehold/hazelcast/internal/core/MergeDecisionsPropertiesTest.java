package io.leasehold.hazelcast.internal.core;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a split-brain heal keeps, over random pairs of records. Ids and fences come from small ranges
 * so that ties (the same fence on both sides, the same hold, the same lease) are common, plus fences
 * at the cap of {@link LockDecisions#initialFence}.
 */
class MergeDecisionsPropertiesTest {

    @Property(tries = 1_000)
    void mergedLockHasOneHolderAndTheHighestFence(@ForAll("locks") LockRecord merging, @ForAll("locks") LockRecord existing) {
        LockRecord m = MergeDecisions.mergeLocks(merging, existing);
        assertEquals(m, MergeDecisions.mergeLocks(merging, existing), "merge is deterministic");
        List<LockRecord> sides = Stream.of(merging, existing).filter(r -> r != null).toList();
        if (sides.isEmpty()) {
            assertNull(m);
            return;
        }
        assertNotNull(m);
        long top = sides.stream().mapToLong(LockRecord::fence).max().orElseThrow();
        assertTrue(m.fence() >= top, "kept fence " + m.fence() + " below a side's " + top);
        assertEquals(sides.stream().anyMatch(LockRecord::isHeld), m.isHeld(), "held iff a side was held");
        assertEquals(merging != null && existing != null && merging.isHeld() && existing.isHeld()
                && merging.holderHold() != existing.holderHold(), MergeDecisions.twoHolders(merging, existing));
        if (!m.isHeld()) {
            assertEquals(top, m.fence(), "a free merge keeps the highest fence");
            assertTrue(m.waiters().isEmpty(), "a free record has no waiters");
            return;
        }
        // One holder, taken whole from one side: never a mix of the two sides' holders.
        assertTrue(sides.stream().anyMatch(s -> s.isHeld() && s.holderHold() == m.holderHold()
                        && s.holderLease() == m.holderLease() && s.holderTag() == m.holderTag()
                        && s.holderTtl() == m.holderTtl() && s.acquiredAt() == m.acquiredAt()),
                "the holder of " + m + " is not one side's holder");
        // Whatever the other side's holders wrote with, the survivor's fence orders after it.
        for (LockRecord s : sides) {
            if (s.isHeld() && s.holderHold() == m.holderHold()) {
                assertTrue(m.fence() >= s.fence());
            } else {
                assertTrue(m.fence() > s.fence(), "kept fence " + m.fence() + " not above the other side's " + s.fence());
            }
        }
        assertTrue(m.waiters().stream().noneMatch(w -> w.holdId() == m.holderHold()), "the holder is not queued");
    }

    @Property(tries = 1_000)
    void underAMajoritysProtectionOnlyTheQuorumsHolderComesBack(@ForAll("locks") LockRecord merging,
                                                                @ForAll("locks") LockRecord existing) {
        LockRecord m = MergeDecisions.mergeLocksKeepingQuorum(merging, existing);
        if (merging == null && existing == null) {
            assertNull(m);
            return;
        }
        assertNotNull(m);
        long top = Math.max(merging == null ? Long.MIN_VALUE : merging.fence(),
                existing == null ? Long.MIN_VALUE : existing.fence());
        assertTrue(m.fence() >= top, "kept fence " + m.fence() + " below a side's " + top);
        assertEquals(existing != null && existing.isHeld(), m.isHeld(), "held iff the quorum's side was held");
        if (!m.isHeld()) {
            assertTrue(m.waiters().isEmpty(), "a free record has no waiters");
            return;
        }
        assertEquals(existing.holderHold(), m.holderHold());
        assertEquals(existing.holderLease(), m.holderLease());
        if (merging != null && !(merging.isHeld() && merging.holderHold() == m.holderHold())) {
            assertTrue(m.fence() > merging.fence(), "kept fence not above the joining side's " + merging.fence());
        }
    }

    @Property(tries = 500)
    void mergeChoosesTheSameHolderWhicheverSideJoins(@ForAll("locks") LockRecord a, @ForAll("locks") LockRecord b) {
        LockRecord ab = MergeDecisions.mergeLocks(a, b);
        LockRecord ba = MergeDecisions.mergeLocks(b, a);
        if (ab == null) {
            assertNull(ba);
            return;
        }
        assertEquals(ab.holderHold(), ba.holderHold(), "holder depends on which side joins");
        assertEquals(ab.holderLease(), ba.holderLease());
        assertEquals(ab.fence(), ba.fence(), "fence depends on which side joins");
        // A late copy of either side arriving again changes neither the holder nor lowers the fence.
        for (LockRecord side : new LockRecord[] {a, b}) {
            LockRecord again = MergeDecisions.mergeLocks(side, ab);
            assertEquals(ab.holderHold(), again.holderHold(), "a second heal moved the lock");
            assertTrue(again.fence() >= ab.fence());
        }
        assertEquals(ab, MergeDecisions.mergeLocks(ab, ab), "merging a record with itself keeps it");
    }

    @Property(tries = 500)
    void mergedLeaseIsAliveWithTheLaterDeadlineAndEveryKey(@ForAll("nows") long now,
                                                           @ForAll("leaseOffsets") LeaseShape ms,
                                                           @ForAll("leaseOffsets") LeaseShape es) {
        LeaseRecord merging = ms == null ? null : ms.at(now);
        LeaseRecord existing = es == null ? null : es.at(now);
        LeaseRecord m = MergeDecisions.mergeLeases(merging, existing, now);
        assertEquals(m, MergeDecisions.mergeLeases(merging, existing, now), "merge is deterministic");
        List<LeaseRecord> alive = Stream.of(merging, existing).filter(r -> r != null && !r.isExpired(now)).toList();
        if (alive.isEmpty()) {
            assertNull(m, "a lease dead on both sides is dropped");
            return;
        }
        assertNotNull(m);
        assertFalse(m.isExpired(now), "the kept lease is alive");
        long latest = alive.stream().mapToLong(LeaseRecord::deadline).max().orElseThrow();
        assertEquals(latest, m.deadline(), "the later deadline is kept");
        Set<String> keys = new LinkedHashSet<>();
        alive.forEach(r -> keys.addAll(r.keys()));
        assertEquals(keys, m.keys(), "the keys of every live side are kept");
        assertTrue(alive.stream().anyMatch(r -> r.deadline() == m.deadline() && r.ttl() == m.ttl()
                && r.getOwnerTag() == m.getOwnerTag()), "ttl and owner come from the side with the later deadline");
    }

    /** A lease relative to the merge time, so deadlines near the ends of time stay meaningful. */
    record LeaseShape(long ttl, long offset, long owner, Set<String> keys) {
        LeaseRecord at(long now) {
            return new LeaseRecord(ttl, Time.add(now, offset), owner, keys);
        }
    }

    @Provide
    Arbitrary<LockRecord> locks() {
        Arbitrary<Long> fences = Arbitraries.oneOf(Arbitraries.longs().between(0, 6),
                Arbitraries.of(LockDecisions.initialFence(Long.MAX_VALUE), LockDecisions.initialFence(Long.MAX_VALUE) + 3,
                        LockDecisions.initialFence(1_700_000_000_000L)));
        Arbitrary<List<Long>> waiting = Arbitraries.longs().between(4, 9).list().ofMaxSize(3).uniqueElements();
        return Combinators.combine(fences, Arbitraries.longs().between(0, 3), Arbitraries.longs().between(1, 3),
                        Arbitraries.longs().between(0, 2), waiting)
                .as((fence, hold, lease, at, queue) -> hold == 0
                        ? new LockRecord(fence, 0, 0, 0, 0, 0, at, List.of())
                        : new LockRecord(fence, 10 * lease, hold, 7 * lease, 1_000, at, 0,
                        queue.stream().map(h -> new Waiter(h, 10 * (h % 3 + 1), 5, 1_000, 99)).toList()))
                .injectNull(0.1);
    }

    @Provide
    Arbitrary<Long> nows() {
        return Arbitraries.oneOf(Arbitraries.of(0L, 1_700_000_000_000L, Long.MAX_VALUE - 50, Long.MAX_VALUE,
                Long.MIN_VALUE, -1L), Arbitraries.longs());
    }

    @Provide
    Arbitrary<LeaseShape> leaseOffsets() {
        Arbitrary<Set<String>> keys = Arbitraries.of("a", "b", "c").set().ofMaxSize(3);
        return Combinators.combine(Arbitraries.longs().between(1, 100), Arbitraries.longs().between(-100, 100),
                Arbitraries.longs().between(0, 2), keys).as(LeaseShape::new).injectNull(0.1);
    }
}
