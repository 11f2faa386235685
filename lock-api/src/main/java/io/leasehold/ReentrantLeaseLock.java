package io.leasehold;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A {@link Lock} view of a {@link LeaseLock}, reentrant per thread with a hold count, as
 * {@link java.util.concurrent.locks.ReentrantLock} is. Obtain one with {@link LeaseLock#asLock()}.
 *
 * <ul>
 *   <li>The first acquire by a thread takes the lock on the cluster (one {@link LockHandle}, one
 *       fence). Further acquires by the same thread succeed at once and count up; they make no call
 *       and keep the same fence. The lock is released on the cluster when the thread has called
 *       {@link #unlock()} as many times as it acquired.</li>
 *   <li>{@link #unlock()} must be called by the thread that locked: any other thread gets an
 *       {@link IllegalMonitorStateException}, as with {@code ReentrantLock}.</li>
 *   <li>{@link #lock()} ignores interrupts while waiting (and restores the interrupt status once it
 *       has the lock), as {@link Lock#lock()} requires; {@link #lockInterruptibly()} and
 *       {@link #tryLock(long, TimeUnit)} give up on interrupt, leaving nothing held or queued.</li>
 *   <li>Other threads of this process, and other processes, contend on the cluster, first come
 *       first served.</li>
 *   <li>A hold can be lost while held (its lease expired or was revoked: a long pause, a network cut).
 *       A re-entrant acquire by a thread whose hold is no longer valid fails with
 *       {@link LockNotHeldException} (an {@link IllegalMonitorStateException}) instead of pretending to
 *       succeed; the hold count is left as it was, so the thread's {@code unlock()}s still balance,
 *       and the last one reports the loss by throwing {@link LockNotHeldException}.</li>
 *   <li>{@link #newCondition()} is refused: see there.</li>
 * </ul>
 *
 * <p>The fence of the current thread's hold is {@link #fence()}: pass it to the resource the lock
 * protects. Reentrancy and hold counts live in this object; share one view between the threads of
 * a process. Thread-safe.
 */
public final class ReentrantLeaseLock implements Lock {

    /** One way of taking the lock on the cluster; see {@link #tryLock(Acquire)}. */
    @FunctionalInterface
    public interface Acquire {
        /** Takes the lock, or returns empty when it could not within the caller's limits. */
        Optional<LockHandle> acquire(LeaseLock lock) throws InterruptedException;
    }

    private static final class Hold {
        final LockHandle handle;
        int count = 1; // read and written only by the owning thread

        Hold(LockHandle handle) {
            this.handle = handle;
        }
    }

    private final LeaseLock lock;
    /** The threads holding the lock through this view: normally none or one. */
    private final ConcurrentMap<Thread, Hold> holds = new ConcurrentHashMap<>();

    public ReentrantLeaseLock(LeaseLock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /** The lock's name. */
    public String name() {
        return lock.name();
    }

    /** The lock this view is of. */
    public LeaseLock leaseLock() {
        return lock;
    }

    @Override
    public void lock() {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    tryLock(l -> Optional.of(l.lock()));
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // lock() is not interruptible: wait on, report it afterwards
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("lock '" + name() + "': interrupted before locking");
        }
        tryLock(l -> Optional.of(l.lock()));
    }

    @Override
    public boolean tryLock() {
        try {
            return tryLock(l -> l.tryLock());
        } catch (InterruptedException e) {
            // tryLock() does not wait, so it cannot be interrupted; keep the status for the caller.
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        Duration wait = time <= 0 ? Duration.ZERO : Duration.ofNanos(unit.toNanos(time));
        if (Thread.interrupted()) {
            throw new InterruptedException("lock '" + name() + "': interrupted before locking");
        }
        return tryLock(l -> l.tryLock(wait));
    }

    /**
     * Like {@link #tryLock(long, TimeUnit)}, but the lock is held under a lease of its own with TTL
     * {@code leaseTime}, not kept alive: see {@link LeaseLock#tryLock(Duration, Duration)}. A re-entrant
     * call by the holding thread only counts up and leaves the first hold's lease as it is.
     */
    public boolean tryLock(Duration wait, Duration leaseTime) throws InterruptedException {
        Objects.requireNonNull(wait, "wait");
        Objects.requireNonNull(leaseTime, "leaseTime");
        return tryLock(l -> l.tryLock(wait, leaseTime));
    }

    /**
     * Acquires through {@code acquire} unless the current thread holds the lock already, in which case
     * it only counts up. This is how adapters take the lock their own way (under a lease of their
     * own, say) and keep this view's reentrancy.
     *
     * @return true if the current thread holds the lock now
     * @throws LockNotHeldException if the current thread holds the lock but its hold is no longer valid
     */
    public boolean tryLock(Acquire acquire) throws InterruptedException {
        Objects.requireNonNull(acquire, "acquire");
        Thread me = Thread.currentThread();
        Hold mine = holds.get(me);
        if (mine != null) {
            if (!mine.handle.isValid()) {
                throw new LockNotHeldException(name(), mine.handle.fence(),
                        "re-entrant acquire by thread '" + me.getName() + "', whose hold was lost"
                                + " (its lease expired or was revoked); unlock to release the count");
            }
            if (mine.count == Integer.MAX_VALUE) {
                throw new Error("lock '" + name() + "': maximum hold count exceeded");
            }
            mine.count++;
            return true;
        }
        Optional<LockHandle> handle = acquire.acquire(lock);
        if (handle.isEmpty()) {
            return false;
        }
        holds.put(me, new Hold(handle.get()));
        return true;
    }

    /**
     * Counts down the current thread's hold; the last unlock releases the lock on the cluster.
     *
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     * @throws LockNotHeldException         on the last unlock, if the hold had been lost while held
     *                                      (the critical section may not have been exclusive)
     */
    @Override
    public void unlock() {
        Thread me = Thread.currentThread();
        Hold mine = holds.get(me);
        if (mine == null) {
            throw new IllegalMonitorStateException("lock '" + name() + "' is not held by thread '"
                    + me.getName() + "'");
        }
        if (--mine.count > 0) {
            return;
        }
        holds.remove(me);
        // Release even if the thread was interrupted (a stopping executor): a release that gave up
        // would leave the lock held for as long as the lease lives.
        boolean interrupted = Thread.interrupted();
        try {
            mine.handle.unlockAndWait(); // a Lock's unlock is done when it returns, as ReentrantLock's is
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Refused with {@link UnsupportedOperationException}: a condition would have to release the lock,
     * wait for a signal from any process in the cluster and take the lock back, and a signal cannot
     * be delivered reliably to a waiter whose lease may expire meanwhile. Wait on the lock itself, or
     * use a cluster queue or topic for signals.
     */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("lock '" + name() + "': conditions are not supported by a"
                + " lease lock (a signal cannot reach a waiter in another process reliably); wait for the"
                + " lock itself, or signal through a queue or topic");
    }

    /** True if the current thread holds the lock through this view (and its hold is still valid). */
    public boolean isHeldByCurrentThread() {
        Hold mine = holds.get(Thread.currentThread());
        return mine != null && mine.handle.isValid();
    }

    /** True if any thread holds the lock through this view. Says nothing about other views or processes. */
    public boolean isLockedHere() {
        return !holds.isEmpty();
    }

    /** How many times the current thread holds the lock (0 if it does not). */
    public int getHoldCount() {
        Hold mine = holds.get(Thread.currentThread());
        return mine == null ? 0 : mine.count;
    }

    /**
     * The fence of the current thread's hold: the same for every re-entrant acquire of one hold.
     *
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     */
    public long fence() {
        return handle().fence();
    }

    /**
     * The cluster hold of the current thread.
     *
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     */
    public LockHandle handle() {
        Hold mine = holds.get(Thread.currentThread());
        if (mine == null) {
            throw new IllegalMonitorStateException("lock '" + name() + "' is not held by thread '"
                    + Thread.currentThread().getName() + "'");
        }
        return mine.handle;
    }

    @Override
    public String toString() {
        return "ReentrantLeaseLock{name='" + name() + "', holders=" + holds.size() + '}';
    }
}
