package io.leasehold.hazelcast.internal.client;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one {@code Leasehold} instance: what it acquired, waited, lost and renewed. */
public final class ClientMetrics {

    private final LongAdder acquired = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder handedOver = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder keepAlives = new LongAdder();
    private final LongAdder keepAliveFailures = new LongAdder();
    private final LongAdder acquireNanos = new LongAdder();
    private final LongAdder waitNanos = new LongAdder();
    private final AtomicLong maxAcquireNanos = new AtomicLong();
    // Admin and metrics (issue 14).
    private final LongAdder holdsEnded = new LongAdder();
    private final LongAdder holdNanos = new LongAdder();
    private final LongAdder lostNotices = new LongAdder();
    // Semaphores and read-write locks (issue 21), by kind: SEMAPHORE, SHARED, EXCLUSIVE.
    private final LongAdder[] holdsAcquired = adders();
    private final LongAdder[] holdsNotAcquired = adders();
    private final LongAdder[] holdsReleased = adders();
    private final LongAdder permitsAcquired = new LongAdder();
    private final LongAdder permitsReleased = new LongAdder();

    /** Kind of hold: a semaphore's permits. */
    public static final int SEMAPHORE = 0;
    /** Kind of hold: a shared (read) hold of a read-write lock. */
    public static final int SHARED = 1;
    /** Kind of hold: an exclusive (write) hold of a read-write lock. */
    public static final int EXCLUSIVE = 2;

    private static LongAdder[] adders() {
        return new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()};
    }

    void holdAcquired(int kind, long permits) {
        holdsAcquired[kind].increment();
        if (kind == SEMAPHORE) {
            permitsAcquired.add(permits);
        }
    }

    void holdNotAcquired(int kind) {
        holdsNotAcquired[kind].increment();
    }

    void holdReleased(int kind, long permits) {
        holdsReleased[kind].increment();
        if (kind == SEMAPHORE) {
            permitsReleased.add(permits);
        }
    }

    /** Acquires of this kind ({@link #SEMAPHORE}, {@link #SHARED}, {@link #EXCLUSIVE}) that were granted. */
    public long holdsAcquired(int kind) {
        return holdsAcquired[kind].sum();
    }

    /** Acquires of this kind that ended without a hold (refused at once, or the wait ran out). */
    public long holdsNotAcquired(int kind) {
        return holdsNotAcquired[kind].sum();
    }

    /** Releases of this kind the cluster confirmed (a semaphore release call, or a read-write unlock). */
    public long holdsReleased(int kind) {
        return holdsReleased[kind].sum();
    }

    /** Semaphore permits acquired, summed over the granted acquires. */
    public long permitsAcquired() {
        return permitsAcquired.sum();
    }

    /** Semaphore permits released (confirmed), summed. */
    public long permitsReleased() {
        return permitsReleased.sum();
    }

    void holdEnded(long heldNanos) {
        holdsEnded.increment();
        holdNanos.add(heldNanos);
    }

    void lostNotice() {
        lostNotices.increment();
    }

    /** Holds unlocked (confirmed by the cluster), whose hold time {@link #totalHoldNanos} sums. */
    public long holdsEnded() {
        return holdsEnded.sum();
    }

    public long totalHoldNanos() {
        return holdNanos.sum();
    }

    /** Notices heard that an operator force-released a hold of this instance. */
    public long lostNotices() {
        return lostNotices.sum();
    }

    void acquired(long nanos, boolean afterWaiting) {
        acquired.increment();
        acquireNanos.add(nanos);
        maxAcquireNanos.accumulateAndGet(nanos, Math::max);
        if (afterWaiting) {
            handedOver.increment();
            waitNanos.add(nanos);
        }
    }

    void countRefused() {
        refused.increment();
    }

    void timedOut(long waitedNanos) {
        timedOut.increment();
        waitNanos.add(waitedNanos);
    }

    void lockLost() {
        lost.increment();
    }

    void keepAlive() {
        keepAlives.increment();
    }

    void keepAliveFailed() {
        keepAliveFailures.increment();
    }

    public long acquired() {
        return acquired.sum();
    }

    public long refused() {
        return refused.sum();
    }

    public long acquiredAfterWaiting() {
        return handedOver.sum();
    }

    public long timedOut() {
        return timedOut.sum();
    }

    public long locksLost() {
        return lost.sum();
    }

    public long keepAliveRoundTrips() {
        return keepAlives.sum();
    }

    public long keepAliveFailures() {
        return keepAliveFailures.sum();
    }

    public long totalAcquireNanos() {
        return acquireNanos.sum();
    }

    public long totalWaitNanos() {
        return waitNanos.sum();
    }

    public long maxAcquireNanos() {
        return maxAcquireNanos.get();
    }

    private final java.util.concurrent.atomic.AtomicReference<Object> view = new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * The one public view of these figures, made once and kept here for as long as the instance lives:
     * meter registries hold what they read weakly, so the view must not be a throwaway.
     */
    public <T> T view(Class<T> type, java.util.function.Supplier<T> make) {
        Object v = view.get();
        if (v == null) {
            view.compareAndSet(null, make.get());
            v = view.get();
        }
        return type.cast(v);
    }
}
