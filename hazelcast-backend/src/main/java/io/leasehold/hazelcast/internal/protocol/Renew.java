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

/** Renews one lease or, sent with executeOnKeys, a batch of them in one request. Constant-size reply. */
public final class Renew extends LeaseProcessor {
    private final transient AtomicBoolean counted = new AtomicBoolean();
    private boolean countRequest = true;

    public Renew() {
    }

    /** A renew that is part of a {@link RenewOnMember} request, which counts itself. */
    static Renew partOfRequest() {
        Renew r = new Renew();
        r.countRequest = false;
        return r;
    }

    @Override
    boolean multiKey() {
        return true;
    }

    @Override
    public LeaseReply process(Map.Entry<Long, LeaseRecord> entry) {
        if (countRequest && counted.compareAndSet(false, true)) {
            service.countRenewRequest();
        }
        long now = service.now();
        LeaseRecord current = adopted(entry, now);
        Either<LeaseDecisions.Failure, LeaseRecord> r = LeaseDecisions.renew(current, now);
        if (r.isLeft()) {
            return LeaseReply.failed(r.getLeft(), current, now);
        }
        store(entry, r.get());
        service.track(entry.getKey(), r.get().deadline());
        return LeaseReply.brief(r.get(), now);
    }

    @Override
    public int getClassId() {
        return SerializationIds.RENEW;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(countRequest);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        countRequest = in.readBoolean();
    }
}
