package io.leasehold.hazelcast.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The value in the {@code leases} map. Immutable: every change makes a new record.
 * Times are cluster-clock milliseconds.
 */
public final class LeaseRecord implements IdentifiedDataSerializable {

    private long ttl;
    private long deadline;
    private Set<String> keys;

    public LeaseRecord() {
        this.keys = Set.of();
    }

    public LeaseRecord(long ttl, long deadline, Set<String> keys) {
        this.ttl = ttl;
        this.deadline = deadline;
        this.keys = Collections.unmodifiableSet(new LinkedHashSet<>(keys));
    }

    public long ttl() {
        return ttl;
    }

    public long deadline() {
        return deadline;
    }

    public Set<String> keys() {
        return keys;
    }

    /** True once the deadline has been reached. */
    public boolean isExpired(long now) {
        return now >= deadline;
    }

    LeaseRecord withDeadline(long newDeadline) {
        return new LeaseRecord(ttl, newDeadline, keys);
    }

    LeaseRecord withKeys(Collection<String> add, Collection<String> remove) {
        Set<String> next = new LinkedHashSet<>(keys);
        next.addAll(add);
        next.removeAll(remove);
        return new LeaseRecord(ttl, deadline, next);
    }

    @Override
    public int getFactoryId() {
        return LeaseholdSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return LeaseholdSerialization.LEASE_RECORD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(ttl);
        out.writeLong(deadline);
        Wire.writeStrings(out, keys);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        ttl = in.readLong();
        deadline = in.readLong();
        keys = Collections.unmodifiableSet(Wire.readStrings(in, new LinkedHashSet<>()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeaseRecord r && r.ttl == ttl && r.deadline == deadline && r.keys.equals(keys);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(deadline) * 31 + keys.hashCode();
    }

    @Override
    public String toString() {
        return "LeaseRecord{ttl=" + ttl + ", deadline=" + deadline + ", keys=" + keys + '}';
    }
}
