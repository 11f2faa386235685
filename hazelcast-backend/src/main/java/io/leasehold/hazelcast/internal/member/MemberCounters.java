package io.leasehold.hazelcast.internal.member;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The figures of one member's Leasehold service, counted where the work happens and read by
 * {@code LeaseholdMetrics}. Counters only: nothing here decides anything.
 */
public final class MemberCounters {

    private final AtomicLong renewRequests = new AtomicLong();
    private final AtomicLong revokedLeases = new AtomicLong();
    private final AtomicLong grants = new AtomicLong();
    private final AtomicLong acquired = new AtomicLong();
    private final AtomicLong handoffs = new AtomicLong();
    private final AtomicLong noticesSent = new AtomicLong();
    private final AtomicLong removedRecords = new AtomicLong();
    private final AtomicLong locksFreedByEnd = new AtomicLong();
    private final AtomicLong revokeLagMillis = new AtomicLong();
    private final AtomicLong maxRevokeLagMillis = new AtomicLong();
    private volatile int heldLocks;
    private volatile int queuedWaiters;
    private final AtomicLong semaphoreGrants = new AtomicLong();
    private final AtomicLong semaphoreHandoffs = new AtomicLong();
    private final AtomicLong readWriteGrants = new AtomicLong();
    private final AtomicLong readWriteHandoffs = new AtomicLong();
    private volatile HoldCensus holdCensus = new HoldCensus(0, 0, 0, 0, 0);

    /**
     * Semaphores and read-write locks of this member's partitions, as of one reconciliation pass.
     *
     * @param heldPermits       semaphore permits held
     * @param semaphoreWaiters  acquirers queued on semaphores
     * @param sharedHolds       shared (read) holds
     * @param exclusiveHolds    exclusive (write) holds
     * @param readWriteWaiters  acquirers queued on read-write locks
     */
    public record HoldCensus(long heldPermits, int semaphoreWaiters, int sharedHolds, int exclusiveHolds,
                             int readWriteWaiters) {
    }

    /** Renew requests this member has served (a batch counts once, however many leases it renews). */
    public long renewRequests() {
        return renewRequests.get();
    }

    /** Leases this member's revoker has revoked after their deadline. */
    public long revokedLeases() {
        return revokedLeases.get();
    }

    /** Leases granted on this member. */
    public long grants() {
        return grants.get();
    }

    /** Locks granted on this member (directly, not by handoff). */
    public long acquired() {
        return acquired.get();
    }

    /** Locks handed to a queued waiter on this member. */
    public long handoffs() {
        return handoffs.get();
    }

    public long noticesSent() {
        return noticesSent.get();
    }

    /** Idle lock records this member removed. */
    public long removedRecords() {
        return removedRecords.get();
    }

    /** Locks (held or waited on) freed on this member because their lease ended. */
    public long locksFreedByEnd() {
        return locksFreedByEnd.get();
    }

    /** Sum over the leases this member's revoker revoked of how long after its deadline it went (ms). */
    public long revokeLagMillisTotal() {
        return revokeLagMillis.get();
    }

    /** The longest revoke lag seen on this member (ms). */
    public long maxRevokeLagMillis() {
        return maxRevokeLagMillis.get();
    }

    /** Held locks in this member's partitions, as of the last reconciliation pass. */
    public int heldLocks() {
        return heldLocks;
    }

    /** Queued waiters in this member's partitions, as of the last reconciliation pass. */
    public int queuedWaiters() {
        return queuedWaiters;
    }

    /** Semaphore holds granted on this member to an acquire (not by handoff). */
    public long semaphoreGrants() {
        return semaphoreGrants.get();
    }

    /** Semaphore holds handed to a queued waiter on this member. */
    public long semaphoreHandoffs() {
        return semaphoreHandoffs.get();
    }

    /** Read-write holds granted on this member to an acquire (not by handoff). */
    public long readWriteGrants() {
        return readWriteGrants.get();
    }

    /** Read-write holds handed to a queued waiter on this member. */
    public long readWriteHandoffs() {
        return readWriteHandoffs.get();
    }

    /** Semaphores and read-write locks of this member's partitions, as of the last reconciliation pass. */
    public HoldCensus holdCensus() {
        return holdCensus;
    }

    void renewRequest() {
        renewRequests.incrementAndGet();
    }

    void grant() {
        grants.incrementAndGet();
    }

    void acquire() {
        acquired.incrementAndGet();
    }

    void handoff() {
        handoffs.incrementAndGet();
    }

    void noticeSent() {
        noticesSent.incrementAndGet();
    }

    void removed() {
        removedRecords.incrementAndGet();
    }

    void freedByEnd(int count) {
        locksFreedByEnd.addAndGet(count);
    }

    void revoked(int count) {
        revokedLeases.addAndGet(count);
    }

    void revokeLag(long lagMillis) {
        revokeLagMillis.addAndGet(lagMillis);
        maxRevokeLagMillis.accumulateAndGet(lagMillis, Math::max);
    }

    void lockCensus(int held, int queued) {
        heldLocks = held;
        queuedWaiters = queued;
    }

    void holdGranted(boolean semaphore, boolean handoff) {
        (semaphore ? handoff ? semaphoreHandoffs : semaphoreGrants : handoff ? readWriteHandoffs : readWriteGrants)
                .incrementAndGet();
    }

    void holdCensus(HoldCensus census) {
        holdCensus = census;
    }
}
