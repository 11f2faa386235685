package io.leasehold.hazelcast.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.util.Collection;

/** Small helpers for writing collections in IdentifiedDataSerializable classes. */
final class Wire {

    private Wire() {
    }

    static void writeStrings(ObjectDataOutput out, Collection<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            out.writeString(v);
        }
    }

    static <C extends Collection<String>> C readStrings(ObjectDataInput in, C into) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative collection size " + n);
        }
        for (int i = 0; i < n; i++) {
            into.add(in.readString());
        }
        return into;
    }

    static void writeLongs(ObjectDataOutput out, Collection<Long> values) throws IOException {
        out.writeInt(values.size());
        for (long v : values) {
            out.writeLong(v);
        }
    }

    static <C extends Collection<Long>> C readLongs(ObjectDataInput in, C into) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative collection size " + n);
        }
        for (int i = 0; i < n; i++) {
            into.add(in.readLong());
        }
        return into;
    }
}
