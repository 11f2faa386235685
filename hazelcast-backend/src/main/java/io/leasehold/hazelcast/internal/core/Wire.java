package io.leasehold.hazelcast.internal.core;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;

import java.io.IOException;
import java.util.Collection;

/**
 * Small helpers for writing collections in IdentifiedDataSerializable classes. Every count read
 * from the wire is checked before anything is sized or read from it: not negative and not above
 * {@link #MAX_COUNT} (so a hostile count allocates at most a few megabytes before the input runs out).
 */
public final class Wire {

    /** The most elements a Leasehold collection on the wire may have. */
    static final int MAX_COUNT = 1 << 20;

    private Wire() {
    }

    /**
     * Reads a count of elements and checks it before anything is sized from it.
     *
     * @throws IOException naming {@code what} when the count is negative or above {@link #MAX_COUNT}
     */
    public static int readCount(ObjectDataInput in, String what) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("refused " + what + ": negative count " + n);
        }
        if (n > MAX_COUNT) {
            throw new IOException("refused " + what + ": count " + n + " is above the limit of " + MAX_COUNT);
        }
        return n;
    }

    public static void writeStrings(ObjectDataOutput out, Collection<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            out.writeString(v);
        }
    }

    public static <C extends Collection<String>> C readStrings(ObjectDataInput in, C into) throws IOException {
        return readStrings(in, into, "string collection");
    }

    /** Reads what {@link #writeStrings} wrote; {@code what} names the collection in errors. */
    public static <C extends Collection<String>> C readStrings(ObjectDataInput in, C into, String what) throws IOException {
        int n = readCount(in, what);
        for (int i = 0; i < n; i++) {
            into.add(in.readString());
        }
        return into;
    }

    public static void writeLongs(ObjectDataOutput out, Collection<Long> values) throws IOException {
        out.writeInt(values.size());
        for (long v : values) {
            out.writeLong(v);
        }
    }

    public static <C extends Collection<Long>> C readLongs(ObjectDataInput in, C into) throws IOException {
        return readLongs(in, into, "id collection");
    }

    /** Reads what {@link #writeLongs} wrote; {@code what} names the collection in errors. */
    public static <C extends Collection<Long>> C readLongs(ObjectDataInput in, C into, String what) throws IOException {
        int n = readCount(in, what);
        for (int i = 0; i < n; i++) {
            into.add(in.readLong());
        }
        return into;
    }
}
