package io.leasehold.spring;

import io.leasehold.ForwardingLockHandle;
import io.leasehold.LeaseLock;
import io.leasehold.Lessor;
import io.leasehold.LockHandle;
import io.leasehold.LockNotHeldException;
import io.leasehold.ReentrantLeaseLock;
import org.springframework.integration.support.locks.DistributedLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ConcurrentModificationException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A lock of a {@link LeaseholdLockRegistry}: a Spring Integration {@link DistributedLock} on a
 * Leasehold lock, <b>reentrant per thread</b> with a hold count (Spring's lock contract).
 *
 * <ul>
 *   <li>{@link #lock()}, {@link #tryLock()} and the other {@link java.util.concurrent.locks.Lock}
 *       methods hold the lock under the Leasehold instance's <em>session lease</em>, kept alive in
 *       the background: the lock is held until unlocked, and freed by the cluster within the session
 *       TTL if this process dies or stalls.</li>
 *   <li>{@link #lock(Duration)} and {@link #tryLock(Duration, Duration)} hold it under a lease of its
 *       own with that TTL, <em>not</em> kept alive: the lock frees itself when the TTL runs out on the
 *       cluster's clock unless it is unlocked first or renewed with
 *       {@link LeaseholdLockRegistry#renewLock(Object)} (another TTL) or
 *       {@link LeaseholdLockRegistry#renewLock(Object, Duration)} (a new TTL from now) — or by the
 *       registry's renewal scheduler, if one was set with {@link LeaseholdLockRegistry#setRenewalTaskScheduler}.
 *       Unlocking a hold whose TTL ran out throws {@link ConcurrentModificationException}, as Spring
 *       Integration's Redis and JDBC registries do.</li>
 *   <li>A re-entrant acquire by the holding thread only counts up (the TTL of a re-entrant
 *       {@code lock(ttl)} is ignored); the lock is released when the thread has unlocked as many times.</li>
 *   <li>{@link #fence()} is the fencing token of the current thread's hold: pass it to the resource
 *       the lock protects, and let the resource refuse a lower one.</li>
 * </ul>
 */
public final class LeaseholdDistributedLock implements DistributedLock {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseholdDistributedLock.class);

    private final ReentrantLeaseLock view;
    private final Lessor lessor;
    private final LongSupplier nanoClock;
    private final Supplier<TaskScheduler> renewals;
    private volatile long lastAcquiredNanos;
    /** Holds renewed for a TTL other than their lease's, by lease id. */
    private final ConcurrentMap<Long, RetimedLease> retimed = new ConcurrentHashMap<>();

    LeaseholdDistributedLock(LeaseLock lock, Lessor lessor, LongSupplier nanoClock, Supplier<TaskScheduler> renewals) {
        this.view = lock.asLock();
        this.lessor = lessor;
        this.nanoClock = nanoClock;
        this.renewals = renewals;
        this.lastAcquiredNanos = nanoClock.getAsLong();
    }

    /** The Leasehold lock name (the registry's prefix followed by the key). */
    public String name() {
        return view.name();
    }

    @Override
    public void lock() {
        view.lock();
        acquired();
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        view.lockInterruptibly();
        acquired();
    }

    @Override
    public boolean tryLock() {
        return acquired(view.tryLock());
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return acquired(view.tryLock(time, unit));
    }

    /**
     * Waits (ignoring interrupts, as {@link #lock()} does) until the lock is held under a lease of
     * its own with TTL {@code ttl}, not kept alive.
     */
    @Override
    public void lock(Duration ttl) {
        checkTtl(ttl);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (view.tryLock(l -> ownLease(l, Duration.ofMillis(Long.MAX_VALUE), ttl))) {
                        acquired();
                        return;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits up to {@code waitTime} for the lock, held under a lease of its own with TTL {@code ttl}, not kept alive. */
    @Override
    public boolean tryLock(Duration waitTime, Duration ttl) throws InterruptedException {
        Objects.requireNonNull(waitTime, () -> "lock '" + name() + "': waitTime must not be null");
        checkTtl(ttl);
        Duration wait = waitTime.isNegative() ? Duration.ZERO : waitTime;
        return acquired(view.tryLock(l -> ownLease(l, wait, ttl)));
    }

    /**
     * Takes the lock under a lease of its own; with a renewal scheduler set on the registry, renews
     * that lease every third of its TTL until unlocked.
     */
    private Optional<LockHandle> ownLease(LeaseLock lock, Duration wait, Duration ttl) throws InterruptedException {
        // The TTL counts from the acquisition, and only the cluster ends the lease (at its deadline).
        Optional<LockHandle> hold = lock.tryLock(wait, ttl);
        TaskScheduler scheduler = renewals.get();
        if (hold.isEmpty() || scheduler == null) {
            return hold;
        }
        LockHandle h = hold.get();
        Duration period = ttl.dividedBy(3).isZero() ? Duration.ofMillis(1) : ttl.dividedBy(3);
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        task[0] = scheduler.scheduleAtFixedRate(() -> {
            try {
                lessor.renew(h.leaseId());
            } catch (RuntimeException e) {
                LOG.warn("lock '{}' (fence {}): renewing its lease failed, renewals stop: {}", h.lockName(), h.fence(),
                        e.getMessage());
                if (task[0] != null) {
                    task[0].cancel(false);
                }
            }
        }, Instant.now().plus(period), period);
        return Optional.of(new RenewedHandle(h, task[0]));
    }

    /** A hold whose lease the registry's scheduler renews; unlocking stops the renewals first. */
    private static final class RenewedHandle extends ForwardingLockHandle {
        private final ScheduledFuture<?> renewal;

        RenewedHandle(LockHandle hold, ScheduledFuture<?> renewal) {
            super(hold);
            this.renewal = renewal;
        }

        @Override
        public void unlock() {
            renewal.cancel(false);
            super.unlock();
        }

        @Override
        public void unlockAndWait() {
            renewal.cancel(false);
            super.unlockAndWait();
        }

        @Override
        public void close() {
            renewal.cancel(false);
            super.close();
        }

        @Override
        public String toString() {
            return delegate() + " (renewed by the registry's scheduler)";
        }
    }

    /**
     * Unlocks once (the cluster lock is released when the thread has unlocked as many times as it locked).
     *
     * @throws IllegalMonitorStateException   if the current thread does not hold the lock
     * @throws ConcurrentModificationException if the hold was lost before this last unlock (its TTL ran
     *                                         out, or its lease was revoked), as Spring Integration's Redis
     *                                         and JDBC registries report an expired lock; the thread no
     *                                         longer holds it, and the lock of whoever took it since stays
     */
    @Override
    public void unlock() {
        if (view.getHoldCount() == 1) {
            stopRetimed(view.handle());
        }
        try {
            view.unlock();
        } catch (LockNotHeldException e) {
            ConcurrentModificationException lost = new ConcurrentModificationException("lock '" + name()
                    + "' was lost before it was unlocked (its TTL ran out or its lease was revoked), so the"
                    + " work done under it may have overlapped another holder's: " + e.getMessage());
            lost.initCause(e);
            throw lost;
        }
    }

    /**
     * Renews the lease of {@code hold} (the current thread's, under a lease of its own) so that the lock
     * is held for {@code ttl} from now, or for the lease's granted TTL when {@code ttl} is null. A TTL
     * other than the granted one is kept by a {@link RetimedLease}, replaced by the next renewal.
     *
     * @throws io.leasehold.LeaseNotFoundException if the lease already ended
     */
    void renewFor(LockHandle hold, Duration ttl) {
        if (ttl != null) {
            checkTtl(ttl);
        }
        stopRetimed(hold);
        Duration granted = lessor.timeToLive(hold.leaseId()).grantedTtl();
        if (ttl == null || ttl.equals(granted)) {
            lessor.renew(hold.leaseId());
            return;
        }
        retimed.put(hold.leaseId(), RetimedLease.start(lessor, hold, granted, ttl));
    }

    /** Whether the registry's renewal scheduler keeps {@code hold}'s lease alive until unlock. */
    static boolean renewedByScheduler(LockHandle hold) {
        return hold instanceof RenewedHandle;
    }

    private void stopRetimed(LockHandle hold) {
        RetimedLease previous = retimed.remove(hold.leaseId());
        if (previous != null) {
            previous.stop();
        }
    }

    /** Refused: see {@link ReentrantLeaseLock#newCondition()}. */
    @Override
    public Condition newCondition() {
        return view.newCondition();
    }

    /**
     * The fencing token of the current thread's hold.
     *
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     */
    public long fence() {
        return view.fence();
    }

    /**
     * The current thread's hold on the cluster (fence, lease, validity).
     *
     * @throws IllegalMonitorStateException if the current thread does not hold the lock
     */
    public LockHandle handle() {
        return view.handle();
    }

    /** True if the current thread holds the lock and its hold is still valid. */
    public boolean isHeldByCurrentThread() {
        return view.isHeldByCurrentThread();
    }

    /** How many times the current thread holds the lock (0 if not). */
    public int getHoldCount() {
        return view.getHoldCount();
    }

    /** True if a thread of this registry holds the lock. */
    boolean isLockedHere() {
        return view.isLockedHere();
    }

    long lastAcquiredNanos() {
        return lastAcquiredNanos;
    }

    private boolean acquired(boolean acquired) {
        if (acquired) {
            acquired();
        }
        return acquired;
    }

    private void acquired() {
        lastAcquiredNanos = nanoClock.getAsLong();
    }

    private void checkTtl(Duration ttl) {
        Objects.requireNonNull(ttl, () -> "lock '" + name() + "': ttl must not be null");
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("lock '" + name() + "': ttl must be positive, got " + ttl);
        }
    }

    @Override
    public String toString() {
        return "LeaseholdDistributedLock{name='" + name() + "', heldByCurrentThread=" + isHeldByCurrentThread() + '}';
    }
}
