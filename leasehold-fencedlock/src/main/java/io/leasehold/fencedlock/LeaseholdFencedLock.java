package io.leasehold.fencedlock;

import com.hazelcast.config.cp.FencedLockConfig;
import com.hazelcast.cp.CPGroupId;
import com.hazelcast.cp.lock.FencedLock;
import com.hazelcast.cp.lock.exception.LockAcquireLimitReachedException;
import com.hazelcast.cp.lock.exception.LockOwnershipLostException;
import com.hazelcast.spi.exception.DistributedObjectDestroyedException;
import io.leasehold.LeaseException;
import io.leasehold.LeaseLock;
import io.leasehold.LockHandle;
import io.leasehold.LockHolder;
import io.leasehold.LockNotHeldException;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * Hazelcast's {@link FencedLock} interface on Leasehold, for open-source members (the interface still
 * ships in the open-source jar; its CP implementation does not). Code written for
 * {@code hazelcast.getCPSubsystem().getLock(name)} runs unchanged on
 * {@link LeaseholdFencedLocks#get(io.leasehold.Leasehold, String)}.
 *
 * <p><b>Behaviour, as the CP lock's documentation describes it:</b>
 * <ul>
 *   <li>Reentrant per thread: the owning thread may acquire again as often as it likes; each acquire
 *       counts up ({@link #getLockCount()}), returns the same fence, and must be matched by an
 *       {@link #unlock()}. The lock is free once the owner has unlocked as many times. With a lock
 *       acquire limit ({@link LeaseholdFencedLocks#get(io.leasehold.Leasehold, FencedLockConfig)}, as
 *       {@link FencedLockConfig#setLockAcquireLimit} sets it for the CP lock; 0, the default, is none,
 *       1 is not reentrant), a re-entry past it throws {@link LockAcquireLimitReachedException} from
 *       {@code lock}, {@code lockInterruptibly} and {@code lockAndGetFence}, and fails the
 *       {@code tryLock...} calls.</li>
 *   <li>Fences grow every time the lock passes from free to held, whoever takes it, and are never
 *       {@link #INVALID_FENCE}; the failed {@code tryLock...AndGetFence} calls return that.</li>
 *   <li>Ownership is held under the Leasehold instance's session lease (the counterpart of a CP
 *       session). When that lease is lost — the process paused past its TTL, or it was revoked — the
 *       next call of the owning thread on this lock ({@code lock}, {@code tryLock}, {@code unlock},
 *       {@code getFence}, {@code isLocked}, {@code isLockedByCurrentThread}, {@code getLockCount})
 *       throws {@link LockOwnershipLostException}, once; the thread no longer owns the lock after it.</li>
 *   <li>{@link #lock()} and {@link #tryLock(long, TimeUnit)} are not interruptible, as in the CP lock:
 *       an interrupt while waiting is kept and restored on return. {@link #lockInterruptibly()} gives
 *       up on interrupt, leaving nothing held or queued.</li>
 *   <li>{@link #unlock()} by a thread that does not own the lock throws
 *       {@link IllegalMonitorStateException}; so does {@link #getFence()}.</li>
 * </ul>
 *
 * <p><b>Differences.</b> Ownership belongs to a thread of this JVM through this object (one per lock
 * name and Leasehold instance: {@link LeaseholdFencedLocks} hands out the same object each time).
 * {@link #getLockCount()} knows the re-entry count of holders in this JVM; a holder elsewhere counts
 * as 1 (the cluster's lock record has no count to publish; see the module's README). {@link #getGroupId()} returns {@link LeaseholdFencedLocks#GROUP_ID}: Leasehold runs on the
 * cluster's partitions, not on a CP group. Mutual exclusion is the partition owner's, not Raft's: see
 * the project's safety claims. {@link #destroy()} forgets this object (see there); the lock's record,
 * and so its fence sequence, stays in the cluster.
 */
public final class LeaseholdFencedLock implements FencedLock {

    /** The service name reported by {@link #getServiceName()}. */
    public static final String SERVICE_NAME = "leasehold:fencedLockService";

    private final LeaseLock lock;
    private final int lockAcquireLimit;
    private final Runnable onDestroy;
    private final ConcurrentMap<Thread, Hold> holds = new ConcurrentHashMap<>();
    private volatile boolean destroyed;

    LeaseholdFencedLock(LeaseLock lock, int lockAcquireLimit, Runnable onDestroy) {
        this.lock = lock;
        this.lockAcquireLimit = lockAcquireLimit;
        this.onDestroy = onDestroy;
    }

    // ------------------------------------------------------------------ acquiring

    @Override
    public void lock() {
        lockAndGetFence();
    }

    @Override
    public long lockAndGetFence() {
        Hold mine = reentered(false);
        if (mine != null) {
            return mine.handle.fence();
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return held(lock.lock());
                } catch (InterruptedException e) {
                    interrupted = true; // not interruptible, as the CP lock's lock()
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
            throw new InterruptedException("lock '" + getName() + "': interrupted before locking");
        }
        if (reentered(false) == null) {
            held(lock.lock());
        }
    }

    @Override
    public boolean tryLock() {
        return tryLockAndGetFence() != INVALID_FENCE;
    }

    @Override
    public long tryLockAndGetFence() {
        Hold mine = reentered(true);
        if (mine != null) {
            return mine == Hold.LIMIT_REACHED ? INVALID_FENCE : mine.handle.fence();
        }
        Optional<LockHandle> handle = lock.tryLock();
        return handle.isPresent() ? held(handle.get()) : INVALID_FENCE;
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) {
        return tryLockAndGetFence(time, unit) != INVALID_FENCE;
    }

    @Override
    public long tryLockAndGetFence(long time, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        Hold mine = reentered(true);
        if (mine != null) {
            return mine == Hold.LIMIT_REACHED ? INVALID_FENCE : mine.handle.fence();
        }
        if (time <= 0) {
            Optional<LockHandle> handle = lock.tryLock();
            return handle.isPresent() ? held(handle.get()) : INVALID_FENCE;
        }
        long deadline = System.nanoTime() + unit.toNanos(time);
        boolean interrupted = false;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                try {
                    Optional<LockHandle> handle = lock.tryLock(Duration.ofNanos(Math.max(0, left)));
                    return handle.isPresent() ? held(handle.get()) : INVALID_FENCE;
                } catch (InterruptedException e) {
                    interrupted = true; // not interruptible, as the CP lock's tryLock(time, unit); wait on
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ releasing and asking

    /**
     * @throws IllegalMonitorStateException if the current thread does not own the lock
     * @throws LockOwnershipLostException  if the current thread's ownership was lost (its session lease ended)
     */
    @Override
    public void unlock() {
        checkNotDestroyed();
        Thread me = Thread.currentThread();
        Hold mine = holds.get(me);
        if (mine == null) {
            throw notOwner();
        }
        if (!mine.handle.isValid()) {
            throw lost(mine, "the lease it was held under ended");
        }
        if (mine.count > 1) {
            mine.count--;
            return;
        }
        holds.remove(me);
        boolean interrupted = Thread.interrupted(); // release even on an interrupted thread
        try {
            mine.handle.unlockAndWait(); // the CP lock's unlock is done when it returns
        } catch (LockNotHeldException e) {
            LockOwnershipLostException lost = new LockOwnershipLostException("lock '" + getName()
                    + "' was not owned by thread '" + me.getName() + "' any more when it unlocked: " + e.getMessage());
            lost.initCause(e);
            throw lost;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * @throws IllegalMonitorStateException if the current thread does not own the lock
     * @throws LockOwnershipLostException  if the current thread's ownership was lost
     */
    @Override
    public long getFence() {
        checkNotDestroyed();
        Hold mine = holds.get(Thread.currentThread());
        if (mine == null) {
            throw notOwner();
        }
        return verified(mine).handle.fence();
    }

    @Override
    public boolean isLocked() {
        checkNotDestroyed();
        Hold mine = holds.get(Thread.currentThread());
        if (mine != null) {
            verified(mine);
            return true;
        }
        return lock.holder().isPresent();
    }

    @Override
    public boolean isLockedByCurrentThread() {
        checkNotDestroyed();
        Hold mine = holds.get(Thread.currentThread());
        if (mine == null) {
            return false;
        }
        verified(mine);
        return true;
    }

    /**
     * The re-entry count of the holder: exact for a holder in this JVM (through this object), 1 for a
     * holder elsewhere, 0 when the lock is free.
     */
    @Override
    public int getLockCount() {
        checkNotDestroyed();
        Hold mine = holds.get(Thread.currentThread());
        if (mine != null) {
            return verified(mine).count;
        }
        Optional<LockHolder> holder = lock.holder();
        if (holder.isEmpty()) {
            return 0;
        }
        for (Hold h : holds.values()) {
            if (h.handle.fence() == holder.get().fence()) {
                return h.count;
            }
        }
        return 1;
    }

    /** The lock acquire limit this object applies: 0 for none, 1 for a non-reentrant lock. */
    public int lockAcquireLimit() {
        return lockAcquireLimit;
    }

    /** {@link LeaseholdFencedLocks#GROUP_ID}: Leasehold locks live on the cluster's partitions, not in a CP group. */
    @Override
    public CPGroupId getGroupId() {
        return LeaseholdFencedLocks.GROUP_ID;
    }

    /**
     * Refused with {@link UnsupportedOperationException}, as the CP lock refuses it: a distributed
     * condition would need signals that reach a waiter in another process reliably.
     */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("lock '" + getName() + "': FencedLock does not support"
                + " conditions (neither does Hazelcast's CP lock); wait for the lock itself, or signal"
                + " through a queue or topic");
    }

    // ------------------------------------------------------------------ DistributedObject

    /** The lock name: Leasehold keeps the lock's record in the partition of its name. */
    @Override
    public String getPartitionKey() {
        return getName();
    }

    @Override
    public String getName() {
        return lock.name();
    }

    @Override
    public String getServiceName() {
        return SERVICE_NAME;
    }

    /**
     * Forgets this object: releases the holds taken through it (so that no lock stays held by a
     * forgotten object), removes it from {@link LeaseholdFencedLocks}, and makes every later call on it
     * throw {@link DistributedObjectDestroyedException}. A later {@link LeaseholdFencedLocks#get} returns
     * a new object for the same lock. The lock's record stays in the cluster, so fences keep growing.
     */
    @Override
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        onDestroy.run();
        for (Hold h : holds.values()) {
            try {
                h.handle.unlockAndWait(); // as the CP lock's destroy, done when it returns
            } catch (LockNotHeldException alreadyLost) {
                // nothing left to release
            }
        }
        holds.clear();
    }

    // ------------------------------------------------------------------ plumbing

    /** The current thread's hold, counted up, if it owns the lock, else null; past the limit, see the class. */
    private Hold reentered(boolean trying) {
        checkNotDestroyed();
        Hold mine = holds.get(Thread.currentThread());
        if (mine == null) {
            return null;
        }
        verified(mine);
        if ((lockAcquireLimit > 0 && mine.count >= lockAcquireLimit) || mine.count == Integer.MAX_VALUE) {
            if (trying) {
                return Hold.LIMIT_REACHED;
            }
            throw new LockAcquireLimitReachedException("lock '" + getName() + "': thread '" + Thread.currentThread()
                    .getName() + "' holds it " + mine.count + " times, its acquire limit; unlock before acquiring again");
        }
        mine.count++;
        return mine;
    }

    private long held(LockHandle handle) {
        holds.put(Thread.currentThread(), new Hold(handle));
        return handle.fence();
    }

    /**
     * Checks with the lock's owner that {@code mine} still holds it, as the CP lock checks its session:
     * throws {@link LockOwnershipLostException} (and forgets the hold) if not.
     */
    private Hold verified(Hold mine) {
        if (!mine.handle.isValid()) {
            throw lost(mine, "the lease it was held under ended");
        }
        Optional<LockHolder> holder = lock.holder();
        if (holder.isEmpty() || holder.get().fence() != mine.handle.fence()) {
            throw lost(mine, holder.map(h -> "the lock is held with fence " + h.fence() + " now")
                    .orElse("the lock is free now"));
        }
        return mine;
    }

    private LockOwnershipLostException lost(Hold mine, String why) {
        holds.remove(Thread.currentThread(), mine);
        try {
            mine.handle.close(); // frees the record if the cluster still had it for this hold
        } catch (LockNotHeldException expected) {
            // the loss itself
        } catch (RuntimeException e) {
            // the cluster could not be asked; the lease's end frees the lock anyway
        }
        return new LockOwnershipLostException("lock '" + getName() + "' (fence " + mine.handle.fence()
                + ") is no longer owned by thread '" + Thread.currentThread().getName() + "': " + why
                + " (its " + LeaseException.format(mine.handle.leaseId()) + " expired or was revoked)");
    }

    private IllegalMonitorStateException notOwner() {
        return new IllegalMonitorStateException("lock '" + getName() + "' is not owned by thread '"
                + Thread.currentThread().getName() + "'");
    }

    private void checkNotDestroyed() {
        if (destroyed) {
            throw new DistributedObjectDestroyedException("lock '" + getName() + "' was destroyed; "
                    + "get a new one from LeaseholdFencedLocks");
        }
    }

    @Override
    public String toString() {
        return "LeaseholdFencedLock{name='" + getName() + "', ownersHere=" + holds.size() + '}';
    }
}
