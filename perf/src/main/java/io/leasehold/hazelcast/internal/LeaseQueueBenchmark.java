package io.leasehold.hazelcast.internal;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The member-local expiry heap. {@code pushPop}: one push and one pop on a heap holding
 * {@code size} entries (the steady state of a member that grants as many leases as it revokes).
 * {@code trackRenewal}: what a renew entry processor does to the tracker (a map update, no push).
 * {@code trackGrantAndPoll}: a grant's track (map put + heap push) and the revoker's poll of one due
 * lease. Lives in the backend's package because {@code LeaseQueue} and {@code ExpiryTracker} are
 * package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LeaseQueueBenchmark {

    @Param({"1000", "1000000"})
    int size;

    private LeaseQueue queue;
    private ExpiryTracker tracker;
    private long[] ids;
    private SplittableRandom random;
    private long now;
    private long nextId;
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() {
        random = new SplittableRandom(42);
        now = 1_700_000_000_000L;
        queue = new LeaseQueue();
        tracker = new ExpiryTracker();
        ids = new long[size];
        for (int i = 0; i < size; i++) {
            long id = random.nextLong() | 1;
            ids[i] = id;
            long deadline = now + 1_000 + random.nextInt(600_000);
            queue.push(deadline, id);
            tracker.track(id, deadline);
        }
        nextId = 1;
    }

    @Benchmark
    public long pushPop() {
        queue.push(now + 1_000 + random.nextInt(600_000), random.nextLong());
        long head = queue.peekId();
        queue.pop();
        return head;
    }

    @Benchmark
    public boolean trackRenewal() {
        long id = ids[cursor];
        cursor = cursor + 1 == ids.length ? 0 : cursor + 1;
        tracker.track(id, now + 700_000);
        return tracker.isTracked(id);
    }

    @Benchmark
    public int trackGrantAndPoll() {
        // A new lease already due, tracked, then polled by the revoker and untracked after its revoke.
        long id = -(nextId++);
        tracker.track(id, now - 1);
        var due = tracker.pollDue(now, 1, x -> true);
        for (Long d : due.keySet()) {
            tracker.untrack(d);
        }
        return due.size();
    }
}
