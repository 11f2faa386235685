package io.leasehold.hazelcast.internal.member;

import io.leasehold.hazelcast.internal.core.LeaseQueue;
import io.leasehold.hazelcast.internal.core.LongLongMap;
import io.leasehold.hazelcast.internal.core.Time;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongPredicate;

/**
 * The member-local expiry heap for the leases whose partitions this member owns.
 *
 * <p>{@code notBefore} maps each tracked lease to the earliest time it may be revoked: its deadline,
 * or later while a grace period after a change of owner lasts. The heap holds at least one entry
 * per tracked lease; renewals only update the map (no push), and a popped entry whose lease now has
 * a later bound is pushed again with that bound. Entries of leases no longer tracked are dropped.
 *
 * <p>Fed by the grant and renew entry processors on the partition owner; drained by the revoker.
 * Pure bookkeeping: time is passed in, so it is tested with plain numbers.
 */
public final class ExpiryTracker {

    /** leaseId -> the earliest time it may be revoked; one primitive slot a lease (guarded by {@link #lock}). */
    private final LongLongMap notBefore = new LongLongMap();
    private final LeaseQueue queue = new LeaseQueue();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    /** Starts tracking the lease, or moves its bound (a renewal). */
    public void track(long leaseId, long bound) {
        lock.lock();
        try {
            if (notBefore.put(leaseId, bound) == LongLongMap.MISSING) {
                push(bound, leaseId);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Tracks the lease only if it is not tracked yet. True if it was added. */
    public boolean trackIfAbsent(long leaseId, long bound) {
        lock.lock();
        try {
            if (notBefore.containsKey(leaseId)) {
                return false;
            }
            notBefore.put(leaseId, bound);
            push(bound, leaseId);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Arms the lease again after a revoke attempt that did not end it. */
    void retry(long leaseId, long bound) {
        lock.lock();
        try {
            long current = notBefore.get(leaseId);
            long next = current == LongLongMap.MISSING ? bound : Math.max(current, bound);
            notBefore.put(leaseId, next);
            push(next, leaseId);
        } finally {
            lock.unlock();
        }
    }

    public void untrack(long leaseId) {
        lock.lock();
        try {
            notBefore.remove(leaseId);
        } finally {
            lock.unlock();
        }
    }

    public boolean isTracked(long leaseId) {
        lock.lock();
        try {
            return notBefore.containsKey(leaseId);
        } finally {
            lock.unlock();
        }
    }

    int trackedCount() {
        lock.lock();
        try {
            return notBefore.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Pops up to {@code max} leases whose bound has passed, as {@code leaseId -> bound}. Stale
     * entries are re-armed or dropped on the way; leases for which {@code owned} says false are
     * forgotten (their new owner tracks them).
     */
    Map<Long, Long> pollDue(long now, int max, LongPredicate owned) {
        Map<Long, Long> due = new LinkedHashMap<>();
        lock.lock();
        try {
            while (due.size() < max && !queue.isEmpty() && queue.peekDeadline() <= now) {
                long entryDeadline = queue.peekDeadline();
                long id = queue.peekId();
                queue.pop();
                long bound = notBefore.get(id);
                if (bound == LongLongMap.MISSING || due.containsKey(id)) {
                    continue;
                }
                if (bound > entryDeadline) {
                    queue.push(bound, id);
                } else if (!owned.test(id)) {
                    notBefore.remove(id);
                } else {
                    due.put(id, bound);
                }
            }
        } finally {
            lock.unlock();
        }
        return due;
    }

    /** Waits until the earliest entry is due, something new is pushed, or {@code maxWaitMillis} passes. */
    void awaitWork(long now, long maxWaitMillis) throws InterruptedException {
        lock.lock();
        try {
            long wait = maxWaitMillis;
            if (!queue.isEmpty()) {
                wait = Math.min(wait, Time.subtract(queue.peekDeadline(), now));
            }
            if (wait > 0) {
                changed.await(wait, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The earliest entry in the heap, or {@link Long#MAX_VALUE} when empty. */
    long nextDeadline() {
        lock.lock();
        try {
            return queue.isEmpty() ? Long.MAX_VALUE : queue.peekDeadline();
        } finally {
            lock.unlock();
        }
    }

    private void push(long bound, long leaseId) {
        lock.lock();
        try {
            boolean newHead = queue.isEmpty() || bound < queue.peekDeadline();
            queue.push(bound, leaseId);
            if (newHead) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }
}
