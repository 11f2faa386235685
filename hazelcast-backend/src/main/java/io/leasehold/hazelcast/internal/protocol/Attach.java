package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.core.Wire;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.vavr.control.Either;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Attaches keys to a live lease, or detaches them (etcd's meaning: metadata the lease carries). */
public final class Attach extends LeaseProcessor {
    private List<String> keys;
    private boolean detach;

    public Attach() {
    }

    public Attach(List<String> keys, boolean detach) {
        this.keys = List.copyOf(keys);
        this.detach = detach;
    }

    @Override
    public LeaseReply process(Map.Entry<Long, LeaseRecord> entry) {
        long now = service.now();
        LeaseRecord current = adopted(entry, now);
        Either<LeaseDecisions.Failure, LeaseRecord> r = detach
                ? LeaseDecisions.detach(current, keys, now)
                : LeaseDecisions.attach(current, keys, now);
        return r.fold(
                failure -> LeaseReply.failed(failure, current, now),
                next -> {
                    if (!next.equals(current)) {
                        store(entry, next);
                    } else {
                        reaffirm(entry); // nothing to change, perhaps a retry: its first try's backup may be missing
                    }
                    return LeaseReply.brief(next, now);
                });
    }

    @Override
    public int getClassId() {
        return SerializationIds.ATTACH;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        Wire.writeStrings(out, keys);
        out.writeBoolean(detach);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        keys = Wire.readStrings(in, new ArrayList<>());
        detach = in.readBoolean();
    }
}
