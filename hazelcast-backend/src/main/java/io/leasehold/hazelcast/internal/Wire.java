package io.leasehold.hazelcast.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.util.Collection;

/** Small helpers for writing collections in IdentifiedDataSerializable classes. */
final class Wire {

    private Wire() {
    }

    /** Longest collection Leasehold reads from the wire: a bound against hostile counts. */
    static final int MAX_COUNT = 1 << 24;

    /**
     * Reads a collection size and checks it: not negative, not above {@link #MAX_COUNT}, and not more
     * items (of at least {@code minBytesEach}) than the input still holds, when the input can tell.
     */
    static int count(ObjectDataInput in, int minBytesEach) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_COUNT) {
            throw new IOException("collection size " + n + " refused (allowed 0.." + MAX_COUNT + ")");
        }
        if (in instanceof java.io.InputStream stream && (long) n * minBytesEach > stream.available()) {
            throw new IOException("collection size " + n + " refused: only " + stream.available() + " bytes follow");
        }
        return n;
    }

    static void writeStrings(ObjectDataOutput out, Collection<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            out.writeString(v);
        }
    }

    static <C extends Collection<String>> C readStrings(ObjectDataInput in, C into) throws IOException {
        int n = count(in, 4);
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
        int n = count(in, 8);
        for (int i = 0; i < n; i++) {
            into.add(in.readLong());
        }
        return into;
    }
}
