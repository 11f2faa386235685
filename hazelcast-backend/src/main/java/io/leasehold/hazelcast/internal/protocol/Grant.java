package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** Grants a lease under a fresh random id (the key). */
public final class Grant extends LeaseProcessor {
    private long ttl;
    private long ownerTag;

    public Grant() {
    }

    public Grant(long ttl, long ownerTag) {
        this.ttl = ttl;
        this.ownerTag = ownerTag;
    }

    @Override
    public LeaseReply process(Map.Entry<Long, LeaseRecord> entry) {
        long now = service.now();
        Either<LeaseDecisions.Failure, LeaseRecord> r =
                LeaseDecisions.grant(entry.getValue(), ttl, ownerTag, service.ttlPolicy(), now);
        if (r.isLeft()) {
            return switch (r.getLeft()) {
                case TTL_TOO_SHORT -> LeaseReply.ttlRefused(r.getLeft(), service.ttlPolicy().minTtl());
                case TTL_TOO_LONG -> LeaseReply.ttlRefused(r.getLeft(), service.ttlPolicy().maxTtl());
                default -> LeaseReply.failed(r.getLeft(), null, now);
            };
        }
        if (r.get() == entry.getValue()) {
            reaffirm(entry); // a retry of this grant: its first try's backup may be missing
            return LeaseReply.brief(r.get(), now);
        }
        store(entry, r.get());
        service.track(entry.getKey(), r.get().deadline());
        service.countGrant();
        return LeaseReply.brief(r.get(), now);
    }

    @Override
    public int getClassId() {
        return SerializationIds.GRANT;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(ttl);
        out.writeLong(ownerTag);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        ttl = in.readLong();
        ownerTag = in.readLong();
    }
}
