package io.leasehold.hazelcast.internal.core;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

import java.util.List;

import static io.leasehold.hazelcast.internal.core.LockRun.Kind.*;

/**
 * The lock decisions against a model ({@link LockRun}, checked by {@link LockChecks} after every
 * step): random runs of acquires (with and without waiting, retried, clearing a dead holder),
 * releases (by the holder, retried, by strangers), cancels, lease ends, force releases, idle removal
 * and creation again from nothing, and clock moves (forward, jumps, small steps back), from clocks
 * at awkward values. Never two holders; every grant's fence above every earlier one; no lost
 * waiter; a free record has no waiters; the same inputs give the same output.
 */
class LockDecisionsPropertiesTest {

    @Property(tries = 400)
    void decisionsAgreeWithTheModel(@ForAll("starts") long start, @ForAll("runs") List<LockRun.Op> ops) {
        LockRun run = new LockRun(start);
        for (LockRun.Op op : ops) {
            run.step(op);
        }
    }

    /** Contention-heavy runs: few clock moves, so queues grow and handoffs chain. */
    @Property(tries = 200)
    void crowdedLockAgreesWithTheModel(@ForAll("starts") long start, @ForAll("crowded") List<LockRun.Op> ops) {
        LockRun run = new LockRun(start);
        for (LockRun.Op op : ops) {
            run.step(op);
        }
    }

    /** Churn: locks taken briefly and left idle, so records are removed and created again, with the clock stepping back. */
    @Property(tries = 500)
    void churnAcrossRemovalAgreesWithTheModel(@ForAll("plainStarts") long start, @ForAll("churn") List<LockRun.Op> ops) {
        LockRun run = new LockRun(start);
        for (LockRun.Op op : ops) {
            run.step(op);
        }
    }

    @Provide
    Arbitrary<Long> starts() {
        return Arbitraries.oneOf(
                Arbitraries.of(0L, 1_700_000_000_000L, Long.MAX_VALUE - 60_000, Long.MAX_VALUE - 1, Long.MAX_VALUE,
                        -86_400_000L, Long.MIN_VALUE + 60_000, LockDecisions.MAX_BASE_MILLIS - 5_000),
                Arbitraries.longs());
    }

    /** Clocks under which idle records can go: not negative, not past the cap of the fence base. */
    @Provide
    Arbitrary<Long> plainStarts() {
        return Arbitraries.oneOf(Arbitraries.of(0L, 1_700_000_000_000L, LockDecisions.MAX_BASE_MILLIS - 30_000),
                Arbitraries.longs().between(0, LockDecisions.MAX_BASE_MILLIS));
    }

    @Provide
    Arbitrary<List<LockRun.Op>> runs() {
        return ops(Arbitraries.frequency(
                Tuple.of(6, ACQUIRE), Tuple.of(8, ACQUIRE_WAIT), Tuple.of(2, ACQUIRE_CLEARING), Tuple.of(3, RETRY_ACQUIRE),
                Tuple.of(6, RELEASE), Tuple.of(2, RETRY_RELEASE), Tuple.of(2, STRANGER_RELEASE), Tuple.of(3, CANCEL),
                Tuple.of(3, END_LEASE), Tuple.of(1, FORCE_RELEASE), Tuple.of(3, REMOVE_IDLE),
                Tuple.of(6, FORWARD), Tuple.of(3, BACK), Tuple.of(2, JUMP)));
    }

    @Provide
    Arbitrary<List<LockRun.Op>> crowded() {
        return ops(Arbitraries.frequency(
                Tuple.of(4, ACQUIRE), Tuple.of(12, ACQUIRE_WAIT), Tuple.of(1, ACQUIRE_CLEARING), Tuple.of(3, RETRY_ACQUIRE),
                Tuple.of(6, RELEASE), Tuple.of(1, RETRY_RELEASE), Tuple.of(1, STRANGER_RELEASE), Tuple.of(3, CANCEL),
                Tuple.of(2, END_LEASE), Tuple.of(1, FORCE_RELEASE), Tuple.of(1, REMOVE_IDLE),
                Tuple.of(2, FORWARD), Tuple.of(1, BACK)));
    }

    @Provide
    Arbitrary<List<LockRun.Op>> churn() {
        return ops(Arbitraries.frequency(
                Tuple.of(6, ACQUIRE), Tuple.of(3, ACQUIRE_WAIT), Tuple.of(1, RETRY_ACQUIRE), Tuple.of(8, RELEASE),
                Tuple.of(2, RETRY_RELEASE), Tuple.of(1, CANCEL), Tuple.of(2, END_LEASE), Tuple.of(1, FORCE_RELEASE),
                Tuple.of(8, REMOVE_IDLE), Tuple.of(10, FORWARD), Tuple.of(3, BACK), Tuple.of(1, JUMP)));
    }

    private static Arbitrary<List<LockRun.Op>> ops(Arbitrary<LockRun.Kind> kinds) {
        Arbitrary<LockRun.Op> op = Combinators.combine(kinds, Arbitraries.integers().between(0, 63),
                Arbitraries.integers().between(0, 7), Arbitraries.longs().between(0, 864_000_000L)).as(LockRun.Op::new);
        return op.list().ofMinSize(1).ofMaxSize(60).withSizeDistribution(RandomDistribution.uniform());
    }
}
