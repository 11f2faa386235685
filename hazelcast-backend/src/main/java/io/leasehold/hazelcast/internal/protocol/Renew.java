package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;
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
        return LeaseDecisions.renew(current, now).fold(
                failure -> LeaseReply.failed(failure, current, now),
                renewed -> {
                    store(entry, renewed);
                    service.track(entry.getKey(), renewed.deadline());
                    return LeaseReply.brief(renewed, now);
                });
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
