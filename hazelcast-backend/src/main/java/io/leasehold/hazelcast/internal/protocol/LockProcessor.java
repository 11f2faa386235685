package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.core.LockDecisions;
import java.util.Map;
import java.util.Set;

/** Lock processors: every change goes through {@link #changed}, which keeps the member's books. */
public abstract class LockProcessor extends ProcessorBase<String, LockRecord, LockReply> {

    /** Stores {@code after}; the same record again (a retry already applied) is sent to the backups again. */
    void changed(Map.Entry<String, LockRecord> entry, LockRecord before, LockRecord after, long callerHold) {
        if (after == before) {
            reaffirm(entry);
            return;
        }
        if (after == null) {
            delete(entry);
        } else {
            store(entry, after);
        }
        service.lockChanged(entry.getKey(), before, after, callerHold);
    }

    /**
     * Stores {@code after}, which differs from {@code before} only by the requester queued as a waiter,
     * without a backup: a queued acquire answers without waiting for a replica, and costs the cluster
     * no backup operation. A primary that dies takes such a waiter with it; the waiter re-checks its
     * standing when the membership changes and queues again. Every other change sends the whole
     * record to the backups, queued waiters included.
     */
    void queued(Map.Entry<String, LockRecord> entry, LockRecord before, LockRecord after, long callerHold) {
        storeOnPrimary(entry, after);
        service.lockChanged(entry.getKey(), before, after, callerHold);
    }

    /**
     * Frees at once what the record's holder and waiters hold by leases this member heard ended (a
     * merge or a take-over can leave such a record behind; the lease-end news went past it), handing
     * the lock to the next live waiter. Looks at the waiters only when the holder's lease ended, so
     * the common case costs one look-up. Answers the record to go on with.
     */
    LockRecord clearEnded(Map.Entry<String, LockRecord> entry, long now) {
        LockRecord r = entry.getValue();
        if (r == null || !r.isHeld() || !service.hasEnded(r.holderLease())) {
            return r;
        }
        Set<Long> gone = LockDecisions.endedLeases(r, service::hasEnded);
        LockRecord next = LockDecisions.releaseLeases(r, gone, now).getOrElse(r);
        changed(entry, r, next, 0);
        return next;
    }
}
