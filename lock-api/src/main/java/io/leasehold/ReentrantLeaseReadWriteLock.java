package io.leasehold;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * A {@link ReadWriteLock} view of a {@link LeaseReadWriteLock}, reentrant per thread with hold
 * counts, as {@link java.util.concurrent.locks.ReentrantReadWriteLock} is. Obtain one with
 * {@link LeaseReadWriteLock#asReadWriteLock()}.
 *
 * <ul>
 *   <li>A thread's first read (write) acquire takes a shared (exclusive) hold on the cluster; further
 *       acquires of the same kind by that thread count up without a call. The hold is released when
 *       the thread has unlocked as many times.</li>
 *   <li>A thread holding the write lock may take the read lock: it counts under the write hold. It
 *       must unlock those reads before the write lock (no downgrade: an exclusive hold cannot become a
 *       shared one without a moment in which another writer could come in).</li>
 *   <li>A thread holding only the read lock that asks for the write lock is refused with a
 *       {@link LockException} naming the lock: an upgrade would wait for its own read hold forever.</li>
 *   <li>{@link Lock#newCondition()} is refused.</li>
 * </ul>
 * Share one view between the threads of a process. Thread-safe.
 */
public final class ReentrantLeaseReadWriteLock implements ReadWriteLock {

    /** What one thread holds through this view; read and written only by that thread. */
    private static final class Holds {
        LockHandle shared;
        int reads;
        LockHandle exclusive;
        int writes;
        int readsUnderWrite;
    }

    private final LeaseReadWriteLock lock;
    private final ConcurrentMap<Thread, Holds> holds = new ConcurrentHashMap<>();
    private final Lock readLock = new View(false);
    private final Lock writeLock = new View(true);

    public ReentrantLeaseReadWriteLock(LeaseReadWriteLock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    @Override
    public Lock readLock() {
        return readLock;
    }

    @Override
    public Lock writeLock() {
        return writeLock;
    }

    /** The fence of the current thread's hold (the exclusive one if it has both), or empty. */
    public Optional<Long> fence() {
        Holds h = holds.get(Thread.currentThread());
        if (h == null) {
            return Optional.empty();
        }
        LockHandle handle = h.exclusive != null ? h.exclusive : h.shared;
        return handle == null ? Optional.empty() : Optional.of(handle.fence());
    }

    private String what() {
        return "read-write lock '" + lock.name() + "'";
    }

    private final class View implements Lock {
        private final boolean write;

        View(boolean write) {
            this.write = write;
        }

        /** Counts up if the thread may re-enter; true if it did. Refuses an upgrade. */
        private boolean reenter(Holds h) {
            if (h == null) {
                return false;
            }
            if (write) {
                if (h.writes > 0) {
                    h.writes++;
                    return true;
                }
                if (h.reads > 0) {
                    throw new LockException(lock.name(), what() + ": this thread holds it shared; an upgrade to "
                            + "exclusive is refused (it would wait for its own read hold). Unlock the read lock first");
                }
                return false;
            }
            if (h.writes > 0) {
                h.readsUnderWrite++;
                return true;
            }
            if (h.reads > 0) {
                h.reads++;
                return true;
            }
            return false;
        }

        private boolean acquire(Duration wait) throws InterruptedException {
            Thread me = Thread.currentThread();
            if (reenter(holds.get(me))) {
                return true;
            }
            Optional<LockHandle> got = write ? lock.tryLockExclusive(wait) : lock.tryLockShared(wait);
            if (got.isEmpty()) {
                return false;
            }
            Holds h = holds.computeIfAbsent(me, t -> new Holds());
            if (write) {
                h.exclusive = got.get();
                h.writes = 1;
            } else {
                h.shared = got.get();
                h.reads = 1;
            }
            return true;
        }

        @Override
        public void lock() {
            boolean interrupted = false;
            while (true) {
                try {
                    if (acquire(Duration.ofDays(365))) {
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void lockInterruptibly() throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            while (!acquire(Duration.ofDays(365))) {
                // waited a year: ask again
            }
        }

        @Override
        public boolean tryLock() {
            try {
                return acquire(Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            return acquire(Duration.ofNanos(Math.max(0, unit.toNanos(time))));
        }

        @Override
        public void unlock() {
            Thread me = Thread.currentThread();
            Holds h = holds.get(me);
            if (write) {
                if (h == null || h.writes == 0) {
                    throw new IllegalMonitorStateException(what() + ": the current thread does not hold the write lock");
                }
                if (h.writes == 1 && h.readsUnderWrite > 0) {
                    throw new LockException(lock.name(), what() + ": unlock the " + h.readsUnderWrite
                            + " read lock(s) taken under the write lock first (no downgrade)");
                }
                if (--h.writes == 0) {
                    LockHandle handle = h.exclusive;
                    h.exclusive = null;
                    forget(me, h);
                    handle.unlock();
                }
                return;
            }
            if (h != null && h.readsUnderWrite > 0) {
                h.readsUnderWrite--;
                return;
            }
            if (h == null || h.reads == 0) {
                throw new IllegalMonitorStateException(what() + ": the current thread does not hold the read lock");
            }
            if (--h.reads == 0) {
                LockHandle handle = h.shared;
                h.shared = null;
                forget(me, h);
                handle.unlock();
            }
        }

        private void forget(Thread me, Holds h) {
            if (h.reads == 0 && h.writes == 0) {
                holds.remove(me, h);
            }
        }

        /** Refused: a condition would have to release and retake a lease-held lock without a fence check. */
        @Override
        public Condition newCondition() {
            throw new UnsupportedOperationException(what() + ": conditions are not supported");
        }
    }
}
