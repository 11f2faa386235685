package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

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
        return LeaseDecisions.grant(entry.getValue(), ttl, ownerTag, service.ttlPolicy(), now).fold(
                failure -> switch (failure) {
                    case TTL_TOO_SHORT -> LeaseReply.ttlRefused(failure, service.ttlPolicy().minTtl());
                    case TTL_TOO_LONG -> LeaseReply.ttlRefused(failure, service.ttlPolicy().maxTtl());
                    default -> LeaseReply.failed(failure, null, now);
                },
                granted -> {
                    if (granted == entry.getValue()) {
                        reaffirm(entry); // a retry of this grant: its first try's backup may be missing
                    } else {
                        store(entry, granted);
                        service.track(entry.getKey(), granted.deadline());
                        service.countGrant();
                    }
                    return LeaseReply.brief(granted, now);
                });
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
