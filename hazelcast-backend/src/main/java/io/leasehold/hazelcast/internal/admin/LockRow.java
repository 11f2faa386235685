package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.Time;

/** A held lock as a row: held-for in milliseconds. */
public record LockRow(String name, long fence, long holderLease, long holderTag, long heldFor, int waiters) {
    static LockRow of(String name, LockRecord r, long now) {
        return new LockRow(name, r.fence(), r.holderLease(), r.holderTag(),
                Math.max(0, Time.subtract(now, r.acquiredAt())), r.waiters().size());
    }
}
