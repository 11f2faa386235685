package io.leasehold.hazelcast.internal.protocol;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.leasehold.hazelcast.internal.core.HoldDecisions;

import java.io.IOException;

/** How a hold request travels (acquire and drain send the same fields). */
final class RequestWire {

    private RequestWire() {
    }

    static void write(ObjectDataOutput out, HoldDecisions.Request r) throws IOException {
        out.writeLong(r.holdId());
        out.writeLong(r.leaseId());
        out.writeLong(r.tag());
        out.writeLong(r.ttl());
        out.writeLong(r.count());
        out.writeBoolean(r.exclusive());
        out.writeLong(r.waitMillis());
        out.writeLong(r.clearLease());
        out.writeLong(r.createLimit());
    }

    static HoldDecisions.Request read(ObjectDataInput in) throws IOException {
        return new HoldDecisions.Request(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readBoolean(), in.readLong(), in.readLong(), in.readLong());
    }
}
