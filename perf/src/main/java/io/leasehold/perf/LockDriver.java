package io.leasehold.perf;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.leasehold.LeaseLock;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The two locks compared: Leasehold's {@link LeaseLock} and Hazelcast's {@code IMap.lock}, behind one
 * small interface. Either over key indexes (names made once, outside the measured loop: the reused-name
 * and hot-lock shapes) or over names made by the caller (the fresh-name shape: a new name every time,
 * looked up the way a user would, {@code leasehold.lock(name)} / {@code map.tryLock(name)}).
 */
interface LockDriver extends AutoCloseable {

    Duration WAIT = Duration.ofSeconds(30);

    /** The map whose {@code IMap.lock} is the baseline (default config: one synchronous backup). */
    String IMAP_LOCKS = "perf.imap-locks";

    String impl();

    /** One attempt without waiting; null when the lock is held by another. */
    Object tryAcquire(int key);

    /** Waits (up to {@link #WAIT}) for the lock; null if the wait ran out. */
    default Object acquire(int key) throws InterruptedException {
        return acquire(key, WAIT);
    }

    /** Waits up to {@code wait} for the lock; null if the wait ran out. */
    Object acquire(int key, Duration wait) throws InterruptedException;

    void release(int key, Object token);

    /** One attempt without waiting on a name made by the caller; null when held by another. */
    Object tryAcquire(String name);

    void release(String name, Object token);

    @Override
    void close();

    static LockDriver leasehold(HazelcastInstance hz, String prefix, int keys) {
        return new LeaseholdDriver(hz, prefix, keys);
    }

    static LockDriver imap(HazelcastInstance hz, String prefix, int keys) {
        return new IMapDriver(hz, prefix, keys);
    }

    final class LeaseholdDriver implements LockDriver {
        private final Leasehold leasehold;
        private final LeaseLock[] locks;

        LeaseholdDriver(HazelcastInstance hz, String prefix, int keys) {
            leasehold = HazelcastLeasehold.create(hz);
            locks = new LeaseLock[keys];
            for (int i = 0; i < keys; i++) {
                locks[i] = leasehold.lock(prefix + i);
            }
        }

        @Override
        public String impl() {
            return Report.LEASEHOLD;
        }

        @Override
        public Object tryAcquire(int key) {
            return locks[key].tryLock().orElse(null);
        }

        @Override
        public Object acquire(int key, Duration wait) throws InterruptedException {
            return locks[key].tryLock(wait).orElse(null);
        }

        @Override
        public void release(int key, Object token) {
            ((LockHandle) token).unlock();
        }

        @Override
        public Object tryAcquire(String name) {
            return leasehold.lock(name).tryLock().orElse(null);
        }

        @Override
        public void release(String name, Object token) {
            ((LockHandle) token).unlock();
        }

        Leasehold leasehold() {
            return leasehold;
        }

        @Override
        public void close() {
            leasehold.close();
        }
    }

    final class IMapDriver implements LockDriver {
        private final IMap<String, String> map;
        private final String[] names;

        IMapDriver(HazelcastInstance hz, String prefix, int keys) {
            map = hz.getMap(IMAP_LOCKS);
            names = new String[keys];
            for (int i = 0; i < keys; i++) {
                names[i] = prefix + i;
            }
        }

        @Override
        public String impl() {
            return Report.IMAP;
        }

        @Override
        public Object tryAcquire(int key) {
            return map.tryLock(names[key]) ? Boolean.TRUE : null;
        }

        @Override
        public Object acquire(int key, Duration wait) throws InterruptedException {
            return map.tryLock(names[key], wait.toMillis(), TimeUnit.MILLISECONDS) ? Boolean.TRUE : null;
        }

        @Override
        public void release(int key, Object token) {
            map.unlock(names[key]);
        }

        @Override
        public Object tryAcquire(String name) {
            return map.tryLock(name) ? Boolean.TRUE : null;
        }

        @Override
        public void release(String name, Object token) {
            map.unlock(name);
        }

        @Override
        public void close() {
        }
    }
}
