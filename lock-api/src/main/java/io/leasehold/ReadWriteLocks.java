package io.leasehold;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Several read-write locks at once, all or nothing (Maven Resolver's {@code getLock(Collection)}).
 *
 * <p>The names are taken in one global order, their natural {@link String} order, whatever order
 * the caller lists them in: two callers whose sets overlap wait for each other in the same order, so
 * they cannot deadlock. If any name cannot be had within the wait, every hold already taken is
 * released (in reverse order) and the call answers empty: nothing is left held.
 */
public final class ReadWriteLocks {

    /** How a name is wanted. */
    public enum Mode { SHARED, EXCLUSIVE }

    /** The holds of one {@link #tryLockAll} call, by name; closing releases them all, in reverse order. */
    public static final class Holds implements AutoCloseable {
        private final Map<String, LockHandle> handles;

        Holds(Map<String, LockHandle> handles) {
            this.handles = Collections.unmodifiableMap(handles);
        }

        /** The handle of each name (its fence for the resource), in the order they were taken. */
        public Map<String, LockHandle> handles() {
            return handles;
        }

        /** The fence of one name's hold. */
        public long fence(String name) {
            LockHandle h = handles.get(name);
            if (h == null) {
                throw new IllegalArgumentException("'" + name + "' is not among these holds: " + handles.keySet());
            }
            return h.fence();
        }

        /** Releases every hold; the first failure is thrown once all were tried. */
        @Override
        public void close() {
            releaseAll(new ArrayList<>(handles.values()));
        }
    }

    private ReadWriteLocks() {
    }

    /**
     * Takes every named lock in the given mode, in name order, waiting at most {@code wait} in all.
     *
     * @throws IllegalArgumentException if {@code wanted} is empty, the wait is negative or a name is not a
     *                                  lock name; nothing is taken
     * @throws NullPointerException     if a name or a mode is null; nothing is taken
     * @throws InterruptedException     if interrupted; nothing is left held
     */
    public static Optional<Holds> tryLockAll(Leasehold leasehold, Map<String, Mode> wanted, Duration wait)
            throws InterruptedException {
        Objects.requireNonNull(leasehold, "leasehold");
        Objects.requireNonNull(wanted, "wanted");
        Objects.requireNonNull(wait, "wait");
        if (wanted.isEmpty()) {
            throw new IllegalArgumentException("no lock names given");
        }
        if (wait.isNegative()) {
            throw new IllegalArgumentException("wait must not be negative, got " + wait);
        }
        // Every name and mode is checked before anything is taken: bad input changes nothing.
        TreeMap<String, LeaseReadWriteLock> locks = new TreeMap<>();
        for (Map.Entry<String, Mode> e : wanted.entrySet()) {
            if (e.getKey() == null) {
                throw new NullPointerException("a lock name is null (mode " + e.getValue() + "); nothing was taken");
            }
            if (e.getValue() == null) {
                throw new NullPointerException("read-write lock '" + e.getKey()
                        + "': the mode is null (SHARED or EXCLUSIVE); nothing was taken");
            }
            locks.put(e.getKey(), leasehold.readWriteLock(e.getKey()));
        }
        long waitNanos = wait.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE / 4 : wait.toNanos();
        long deadline = System.nanoTime() + waitNanos;
        Map<String, LockHandle> taken = new LinkedHashMap<>();
        boolean done = false;
        try {
            for (Map.Entry<String, LeaseReadWriteLock> e : locks.entrySet()) {
                LeaseReadWriteLock lock = e.getValue();
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                Optional<LockHandle> h = wanted.get(e.getKey()) == Mode.EXCLUSIVE ? lock.tryLockExclusive(left)
                        : lock.tryLockShared(left);
                if (h.isEmpty()) {
                    return Optional.empty();
                }
                taken.put(e.getKey(), h.get());
            }
            done = true;
            return Optional.of(new Holds(taken));
        } finally {
            if (!done) {
                releaseAll(new ArrayList<>(taken.values()));
            }
        }
    }

    private static void releaseAll(List<LockHandle> handles) {
        RuntimeException first = null;
        for (int i = handles.size() - 1; i >= 0; i--) {
            try {
                handles.get(i).close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
