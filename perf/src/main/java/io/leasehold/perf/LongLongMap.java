package io.leasehold.perf;

import java.util.Arrays;

/**
 * A fixed-capacity open-addressing {@code long -> long} map (key 0 is not allowed), so that the
 * deadlines of a million leases cost 32 MB allocated once, before the heap baseline is taken, and
 * not a million boxed entries that would be counted as the members' heap.
 */
final class LongLongMap {

    static final long MISSING = Long.MIN_VALUE;
    private final long[] keys;
    private final long[] values;
    private final int mask;
    private int size;

    LongLongMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected) * 2 - 1) << 1;
        keys = new long[capacity];
        values = new long[capacity];
        mask = capacity - 1;
    }

    synchronized void put(long key, long value) {
        int i = index(key);
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == 0) {
            if (size + 1 > keys.length * 3 / 4) {
                throw new IllegalStateException("LongLongMap is full (" + size + ")");
            }
            size++;
            keys[i] = key;
        }
        values[i] = value;
    }

    synchronized long get(long key) {
        int i = index(key);
        while (keys[i] != 0) {
            if (keys[i] == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return MISSING;
    }

    synchronized int size() {
        return size;
    }

    synchronized void clear() {
        Arrays.fill(keys, 0);
        size = 0;
    }

    private int index(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
