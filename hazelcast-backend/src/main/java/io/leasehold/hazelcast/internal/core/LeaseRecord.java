package io.leasehold.hazelcast.internal.core;

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

    /**
     * The deadline of a lease read back from a store after the cluster that granted it stopped: a
     * deadline is a time on that cluster's clock and means nothing to the next one. Its owner adopts it
     * ({@link LeaseDecisions#adopt}, before any lease processor looks at it, or in its reconciliation pass),
     * which gives it a full TTL. No clock sets it (a grant's deadline is above its clock); until adopted,
     * the admin's listings skip such a lease as expired.
     */
    public static final long RECOVERED = Long.MIN_VALUE;

    private long ttl;
    private long deadline;
    private long ownerTag;
    private Set<String> keys;

    public LeaseRecord() {
        this.keys = Set.of();
    }

    public LeaseRecord(long ttl, long deadline, long ownerTag, Set<String> keys) {
        this.ttl = ttl;
        this.deadline = deadline;
        this.ownerTag = ownerTag;
        this.keys = Collections.unmodifiableSet(new LinkedHashSet<>(keys));
    }

    public long ttl() {
        return ttl;
    }

    public long deadline() {
        return deadline;
    }

    /**
     * The session tag of the {@code Leasehold} instance that granted the lease (0 if none). Its
     * removal listener filters on it ({@code Predicates.equal("ownerTag", tag)}), so an instance hears
     * at once when one of its own leases is revoked or expires.
     */
    public long getOwnerTag() {
        return ownerTag;
    }

    public Set<String> keys() {
        return keys;
    }

    /** True once the deadline has been reached. */
    public boolean isExpired(long now) {
        return now >= deadline;
    }

    /** True for a lease read back from a store and not adopted yet (see {@link #RECOVERED}). */
    public boolean isRecovered() {
        return deadline == RECOVERED;
    }

    public LeaseRecord withDeadline(long newDeadline) {
        return new LeaseRecord(ttl, newDeadline, ownerTag, keys);
    }

    LeaseRecord withKeys(Collection<String> add, Collection<String> remove) {
        Set<String> next = new LinkedHashSet<>(keys);
        next.addAll(add);
        next.removeAll(remove);
        return new LeaseRecord(ttl, deadline, ownerTag, next);
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.LEASE_RECORD;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(ttl);
        out.writeLong(deadline);
        out.writeLong(ownerTag);
        Wire.writeStrings(out, keys);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        ttl = in.readLong();
        deadline = in.readLong();
        ownerTag = in.readLong();
        keys = Collections.unmodifiableSet(Wire.readStrings(in, new LinkedHashSet<>()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeaseRecord r && r.ttl == ttl && r.deadline == deadline && r.ownerTag == ownerTag && r.keys.equals(keys);
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
