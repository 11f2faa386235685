package io.leasehold.hazelcast.internal.core;

import java.util.Arrays;

/**
 * A min-heap of {@code (deadline, leaseId)} pairs in two parallel {@code long} arrays: 16 bytes an
 * entry, no object per entry. Not thread-safe; {@code ExpiryTracker} guards it.
 *
 * <p>Entries may be stale (the lease was renewed or revoked since it was pushed); the consumer
 * checks each popped entry against the current deadline, as etcd's lease queue does.
 */
public final class LeaseQueue {

    private long[] deadlines = new long[64];
    private long[] ids = new long[64];
    private int size;

    int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public void push(long deadline, long leaseId) {
        if (size == deadlines.length) {
            int capacity = size * 2;
            deadlines = Arrays.copyOf(deadlines, capacity);
            ids = Arrays.copyOf(ids, capacity);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (deadlines[parent] <= deadline) {
                break;
            }
            deadlines[i] = deadlines[parent];
            ids[i] = ids[parent];
            i = parent;
        }
        deadlines[i] = deadline;
        ids[i] = leaseId;
    }

    /** The earliest deadline; only when not empty. */
    public long peekDeadline() {
        return deadlines[0];
    }

    /** The lease id of the earliest deadline; only when not empty. */
    public long peekId() {
        return ids[0];
    }

    /** Removes the earliest entry; only when not empty. */
    public void pop() {
        int last = --size;
        long d = deadlines[last];
        long id = ids[last];
        int i = 0;
        int half = last >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < last && deadlines[right] < deadlines[child]) {
                child = right;
            }
            if (d <= deadlines[child]) {
                break;
            }
            deadlines[i] = deadlines[child];
            ids[i] = ids[child];
            i = child;
        }
        if (last > 0) {
            deadlines[i] = d;
            ids[i] = id;
        }
        if (deadlines.length > 1024 && size < deadlines.length / 4) {
            int capacity = deadlines.length / 2;
            deadlines = Arrays.copyOf(deadlines, capacity);
            ids = Arrays.copyOf(ids, capacity);
        }
    }
}
