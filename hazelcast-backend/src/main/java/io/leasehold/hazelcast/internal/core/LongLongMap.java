package io.leasehold.hazelcast.internal.core;

import java.util.Arrays;

/**
 * An open-addressing map from non-zero {@code long} keys to {@code long} values: two parallel arrays,
 * linear probing, no object per entry (16 bytes a slot, against about 80 for a boxed
 * {@code ConcurrentHashMap} entry). Key 0 marks an empty slot: lease ids are never 0. Grows at 3/4
 * full, shrinks below 1/8; removal shifts the following entries back, so no tombstones build up.
 * Not thread-safe: {@code ExpiryTracker} guards it.
 */
public final class LongLongMap {

    public static final long MISSING = Long.MIN_VALUE;
    private static final int MIN_CAPACITY = 64;

    private long[] keys = new long[MIN_CAPACITY];
    private long[] values = new long[MIN_CAPACITY];
    private int size;

    public int size() {
        return size;
    }

    /** The value for {@code key}, or {@link #MISSING}. */
    public long get(long key) {
        int i = find(key);
        return i < 0 ? MISSING : values[i];
    }

    public boolean containsKey(long key) {
        return find(key) >= 0;
    }

    /** Sets the value; returns the previous one, or {@link #MISSING}. */
    public long put(long key, long value) {
        requireKey(key);
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                long previous = values[i];
                values[i] = value;
                return previous;
            }
            if (keys[i] == 0) {
                keys[i] = key;
                values[i] = value;
                if (++size * 4 > keys.length * 3) {
                    resize(keys.length * 2);
                }
                return MISSING;
            }
        }
    }

    /** Removes the key; returns its value, or {@link #MISSING}. */
    public long remove(long key) {
        int i = find(key);
        if (i < 0) {
            return MISSING;
        }
        long previous = values[i];
        int mask = keys.length - 1;
        // Shift back every entry of the probe run that would no longer be found past the hole.
        int hole = i;
        for (int j = (hole + 1) & mask; keys[j] != 0; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            boolean reachable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (reachable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = 0;
        values[hole] = 0;
        size--;
        if (keys.length > MIN_CAPACITY && size * 8 < keys.length) {
            resize(keys.length / 2);
        }
        return previous;
    }

    private int find(long key) {
        if (key == 0) {
            return -1;
        }
        int mask = keys.length - 1;
        for (int i = slot(key, mask); ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return i;
            }
            if (keys[i] == 0) {
                return -1;
            }
        }
    }

    private void resize(int capacity) {
        long[] oldKeys = keys;
        long[] oldValues = values;
        keys = new long[capacity];
        values = new long[capacity];
        int mask = capacity - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            long k = oldKeys[i];
            if (k != 0) {
                int j = slot(k, mask);
                while (keys[j] != 0) {
                    j = (j + 1) & mask;
                }
                keys[j] = k;
                values[j] = oldValues[i];
            }
        }
    }

    void clear() {
        keys = new long[MIN_CAPACITY];
        values = new long[MIN_CAPACITY];
        size = 0;
    }

    private static int slot(long key, int mask) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private static void requireKey(long key) {
        if (key == 0) {
            throw new IllegalArgumentException("key 0 is reserved for empty slots");
        }
    }

    @Override
    public String toString() {
        return "LongLongMap[size=" + size + ", capacity=" + keys.length + "]";
    }

    /** For tests: the keys present, in slot order. */
    long[] keys() {
        return Arrays.stream(keys).filter(k -> k != 0).toArray();
    }
}
