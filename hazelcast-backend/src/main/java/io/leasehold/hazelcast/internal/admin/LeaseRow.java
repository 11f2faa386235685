package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.LeaseRecord;

/** A lease as a row: TTLs in milliseconds. */
public record LeaseRow(long id, long ttl, long remaining, long ownerTag, int keyCount) {
    static LeaseRow of(long id, LeaseRecord r, long now) {
        return new LeaseRow(id, r.ttl(), Math.max(0, r.deadline() - now), r.getOwnerTag(), r.keys().size());
    }
}
