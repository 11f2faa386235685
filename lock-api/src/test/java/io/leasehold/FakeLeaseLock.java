package io.leasehold;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link LeaseLock} in memory, for unit tests of what lock-api builds on the interface: one holder
 * at a time, a fence that grows with every grant, waiters that wake when the lock is freed, and a
 * way to lose the current hold as a revoked lease would ({@link #loseHold()}). Not reentrant, like
 * the real one. Counts the calls that reached it, and remembers the waits it was asked for.
 */
final class FakeLeaseLock implements LeaseLock {

    /** The lease that locks without a lease of their own are attached to. */
    static final long SESSION_LEASE = 0x5e55_10a1L;

    private final String name;
    private final ReentrantLock mutex = new ReentrantLock();
    private final Condition freed = mutex.newCondition();
    private final AtomicInteger acquires = new AtomicInteger();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private long lastFence = 40;
    private long lastOwnLease = 0x0a00;
    private Handle holder;
    private int waiters;

    FakeLeaseLock(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<LockHandle> tryLock() {
        return tryLock(SESSION_LEASE);
    }

    @Override
    public Optional<LockHandle> tryLock(Duration wait) throws InterruptedException {
        return tryLock(SESSION_LEASE, wait);
    }

    @Override
    public LockHandle lock() throws InterruptedException {
        acquires.incrementAndGet();
        return await(SESSION_LEASE, -1).orElseThrow();
    }

    @Override
    public Optional<LockHandle> tryLock(Duration wait, Duration leaseTime) throws InterruptedException {
        Objects.requireNonNull(leaseTime, "leaseTime");
        if (leaseTime.isNegative() || leaseTime.isZero()) {
            throw new IllegalArgumentException("lock '" + name + "': leaseTime " + leaseTime + " is not positive");
        }
        long lease;
        mutex.lock();
        try {
            lease = ++lastOwnLease;
        } finally {
            mutex.unlock();
        }
        return tryLock(lease, wait);
    }

    @Override
    public CompletionStage<Optional<LockHandle>> tryLockAsync() {
        return CompletableFuture.completedFuture(tryLock());
    }

    @Override
    public Optional<LockHandle> tryLock(long leaseId) {
        acquires.incrementAndGet();
        mutex.lock();
        try {
            return holder == null ? Optional.of(grant(leaseId)) : Optional.empty();
        } finally {
            mutex.unlock();
        }
    }

    @Override
    public Optional<LockHandle> tryLock(long leaseId, Duration wait) throws InterruptedException {
        Objects.requireNonNull(wait, "wait");
        if (wait.isNegative()) {
            throw new IllegalArgumentException("lock '" + name + "': wait " + wait + " is negative");
        }
        acquires.incrementAndGet();
        waits.add(wait);
        return await(leaseId, wait.toNanos());
    }

    @Override
    public Optional<LockHolder> holder() {
        mutex.lock();
        try {
            return holder == null ? Optional.empty()
                    : Optional.of(new LockHolder(name, holder.leaseId, holder.fence, waiters));
        } finally {
            mutex.unlock();
        }
    }

    /** How many acquire calls reached this lock. */
    int acquires() {
        return acquires.get();
    }

    /** The waits the timed acquires asked for, in order. */
    List<Duration> waits() {
        return List.copyOf(waits);
    }

    /** How many callers are waiting for the lock now. */
    int waiters() {
        mutex.lock();
        try {
            return waiters;
        } finally {
            mutex.unlock();
        }
    }

    /**
     * Loses the current hold, as a revoked or expired lease does: its handle turns invalid, its unlock
     * reports the loss, and the lock is free for others.
     */
    void loseHold() {
        mutex.lock();
        try {
            if (holder == null) {
                throw new IllegalStateException("lock '" + name + "' is not held");
            }
            holder.lost = true;
            holder = null;
            freed.signalAll();
        } finally {
            mutex.unlock();
        }
    }

    /** Waits {@code nanos} (forever when negative) for the lock. */
    private Optional<LockHandle> await(long leaseId, long nanos) throws InterruptedException {
        mutex.lockInterruptibly();
        try {
            waiters++;
            try {
                while (holder != null) {
                    if (nanos < 0) {
                        freed.await();
                    } else if (nanos == 0) {
                        return Optional.empty();
                    } else {
                        nanos = Math.max(0, freed.awaitNanos(nanos));
                    }
                }
            } finally {
                waiters--;
            }
            return Optional.of(grant(leaseId));
        } finally {
            mutex.unlock();
        }
    }

    private Handle grant(long leaseId) {
        holder = new Handle(++lastFence, leaseId);
        return holder;
    }

    /** One hold of the fake lock. */
    final class Handle implements LockHandle {
        final long fence;
        final long leaseId;
        /** Guarded by the lock's mutex. */
        boolean lost;
        boolean released;
        /** Whether the thread that unlocked had its interrupt status set at the time. */
        volatile boolean interruptedAtUnlock;

        Handle(long fence, long leaseId) {
            this.fence = fence;
            this.leaseId = leaseId;
        }

        @Override
        public String lockName() {
            return name;
        }

        @Override
        public long fence() {
            return fence;
        }

        @Override
        public long leaseId() {
            return leaseId;
        }

        @Override
        public boolean isValid() {
            mutex.lock();
            try {
                return !lost && !released;
            } finally {
                mutex.unlock();
            }
        }

        @Override
        public void unlock() {
            interruptedAtUnlock = Thread.currentThread().isInterrupted();
            mutex.lock();
            try {
                if (released) {
                    throw new LockNotHeldException(name, fence, "already unlocked");
                }
                released = true;
                if (lost) {
                    throw new LockNotHeldException(name, fence, "lost while held: its "
                            + LeaseException.format(leaseId) + " ended");
                }
                holder = null;
                freed.signalAll();
            } finally {
                mutex.unlock();
            }
        }

        @Override
        public void close() {
            mutex.lock();
            try {
                if (released) {
                    return;
                }
            } finally {
                mutex.unlock();
            }
            unlock();
        }

        @Override
        public String toString() {
            return "lock '" + name + "' (fence " + fence + ", " + LeaseException.format(leaseId) + ")";
        }
    }
}
