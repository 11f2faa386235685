package io.leasehold.hazelcast.internal;

import io.vavr.control.Either;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The pure decisions every entry processor makes: acquire of a free lock, acquire of a held lock
 * (queueing behind 8 waiters), release with a handoff to the next waiter, and a lease renewal.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionsBenchmark {

    private static final long NOW = 1_700_000_000_000L;

    private LockRecord free;
    private LockRecord held;
    private LockRecord heldWithWaiters;
    private LockDecisions.AcquireRequest tryRequest;
    private LockDecisions.AcquireRequest waitRequest;
    private LeaseRecord lease;

    @Setup
    public void setUp() {
        free = new LockRecord(LockDecisions.initialFence(NOW) + 5, 0, 0, 0, 0, 0, 0, List.of());
        held = new LockRecord(free.fence() + 1, 11, 12, 13, 10_000, NOW, 0, List.of());
        List<Waiter> waiters = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            waiters.add(new Waiter(100 + i, 200 + i, 300 + i, 10_000, NOW + 30_000));
        }
        heldWithWaiters = new LockRecord(held.fence(), 11, 12, 13, 10_000, NOW, 0, waiters);
        tryRequest = new LockDecisions.AcquireRequest(21, 22, 23, 10_000, 0, 0);
        waitRequest = new LockDecisions.AcquireRequest(21, 22, 23, 10_000, 30_000, 0);
        lease = new LeaseRecord(10_000, NOW + 5_000, 7, Set.of("orders-42"));
    }

    @Benchmark
    public Object acquireFree() {
        return LockDecisions.acquire(free, tryRequest, NOW);
    }

    @Benchmark
    public Object acquireHeldAndQueue() {
        return LockDecisions.acquire(heldWithWaiters, waitRequest, NOW);
    }

    @Benchmark
    public Object releaseNoWaiters() {
        return LockDecisions.release(held, 12, NOW);
    }

    @Benchmark
    public Object releaseHandOff() {
        return LockDecisions.release(heldWithWaiters, 12, NOW);
    }

    @Benchmark
    public Either<LeaseDecisions.Failure, LeaseRecord> renew() {
        return LeaseDecisions.renew(lease, NOW);
    }
}
