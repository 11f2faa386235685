package io.leasehold.hazelcast.internal.core;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

/** The answer of a lease entry processor: OK or a {@link LeaseDecisions.Failure}, with the lease's figures. */
public final class LeaseReply implements IdentifiedDataSerializable {

    private LeaseDecisions.Failure failure;
    private long ttl;
    private long deadline;
    private long remaining;
    private Set<String> keys = Set.of();

    public LeaseReply() {
    }

    public static LeaseReply ok(LeaseRecord r, long now) {
        LeaseReply reply = new LeaseReply();
        reply.ttl = r.ttl();
        reply.deadline = r.deadline();
        reply.remaining = LeaseDecisions.promisedRemaining(r, now);
        reply.keys = r.keys();
        return reply;
    }

    /** Like {@link #ok} without the attached keys: what renew answers, constant size. */
    public static LeaseReply brief(LeaseRecord r, long now) {
        LeaseReply reply = new LeaseReply();
        reply.ttl = r.ttl();
        reply.deadline = r.deadline();
        reply.remaining = LeaseDecisions.promisedRemaining(r, now);
        return reply;
    }

    public static LeaseReply failed(LeaseDecisions.Failure failure, LeaseRecord r, long now) {
        LeaseReply reply = r == null ? new LeaseReply() : brief(r, now);
        reply.failure = failure;
        return reply;
    }

    /** A grant refused for its TTL: {@code bound} is the members' minimum or maximum it broke. */
    public static LeaseReply ttlRefused(LeaseDecisions.Failure failure, long bound) {
        LeaseReply reply = new LeaseReply();
        reply.failure = failure;
        reply.ttl = bound;
        return reply;
    }

    public boolean isOk() {
        return failure == null;
    }

    /** The failure, or null when OK. */
    public LeaseDecisions.Failure failure() {
        return failure;
    }

    /** The lease's TTL; for a grant refused with TTL_TOO_SHORT or TTL_TOO_LONG, the bound it broke. */
    public long ttl() {
        return ttl;
    }

    public long deadline() {
        return deadline;
    }

    public long remaining() {
        return remaining;
    }

    public Set<String> keys() {
        return keys;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.LEASE_REPLY;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByte(failure == null ? -1 : failure.ordinal());
        out.writeLong(ttl);
        out.writeLong(deadline);
        out.writeLong(remaining);
        Wire.writeStrings(out, keys);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int f = in.readByte();
        if (f >= LeaseDecisions.Failure.values().length) {
            throw new IOException("lease reply with unknown failure code " + f);
        }
        failure = f < 0 ? null : LeaseDecisions.Failure.values()[f];
        ttl = in.readLong();
        deadline = in.readLong();
        remaining = in.readLong();
        keys = Wire.readStrings(in, new LinkedHashSet<>());
    }

    @Override
    public String toString() {
        return "LeaseReply{" + (failure == null ? "OK" : failure) + ", ttl=" + ttl + ", remaining=" + remaining + '}';
    }
}
