package io.leasehold.spring;

import io.leasehold.LeaseInfo;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import org.springframework.integration.support.locks.ExpirableLockRegistry;
import org.springframework.integration.support.locks.RenewableLockRegistry;
import org.springframework.scheduling.TaskScheduler;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A Spring Integration lock registry on Leasehold: fenced, lease-backed locks shared by every
 * process connected to the same cluster. Use it wherever Spring Integration takes a
 * {@code LockRegistry} — {@code executeLocked}, a {@code LockRegistryLeaderInitiator} for leader
 * election, an aggregator's or a file splitter's lock registry — in place of the deprecated
 * {@code HazelcastLockRegistry}.
 *
 * <p>{@link #obtain(Object)} returns a {@link LeaseholdDistributedLock} for the key's string form,
 * prefixed with this registry's prefix, the same object for the same key until
 * {@link #expireUnusedOlderThan(long)} drops it. Locks are reentrant per thread; plain
 * {@code lock()} holds under the Leasehold instance's kept-alive session lease, {@code lock(ttl)}
 * under a lease of its own that frees itself after {@code ttl}. See {@link LeaseholdDistributedLock}.
 *
 * <p>The registry does not own the {@link Leasehold} instance: close that yourself (as a Spring bean,
 * its {@code close()} is called on context shutdown).
 */
public final class LeaseholdLockRegistry
        implements ExpirableLockRegistry<LeaseholdDistributedLock>, RenewableLockRegistry<LeaseholdDistributedLock> {

    private final Leasehold leasehold;
    private final String prefix;
    private final LongSupplier nanoClock;
    private final ConcurrentMap<String, LeaseholdDistributedLock> locks = new ConcurrentHashMap<>();
    private volatile TaskScheduler renewalTaskScheduler;

    /** A registry whose lock names are the keys themselves. */
    public LeaseholdLockRegistry(Leasehold leasehold) {
        this(leasehold, "");
    }

    /** A registry whose lock names are {@code prefix + key}, so that several registries can share a cluster. */
    public LeaseholdLockRegistry(Leasehold leasehold, String prefix) {
        this(leasehold, prefix, System::nanoTime);
    }

    /**
     * Like {@link #LeaseholdLockRegistry(Leasehold, String)}, with the monotonic clock (nanoseconds)
     * that {@link #expireUnusedOlderThan(long)} measures ages on.
     */
    public LeaseholdLockRegistry(Leasehold leasehold, String prefix, LongSupplier nanoClock) {
        this.leasehold = Objects.requireNonNull(leasehold, "leasehold");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * The lock for {@code lockKey} (its {@code toString()}, after the prefix).
     *
     * @throws NullPointerException     if {@code lockKey} is null
     * @throws IllegalArgumentException if the resulting name is blank or too long for Leasehold
     */
    @Override
    public LeaseholdDistributedLock obtain(Object lockKey) {
        String name = name(lockKey);
        LeaseholdDistributedLock existing = locks.get(name);
        if (existing != null) {
            return existing;
        }
        // Validate the name (Leasehold.lock throws for a bad one) outside computeIfAbsent.
        LeaseholdDistributedLock fresh = new LeaseholdDistributedLock(leasehold.lock(name), leasehold.lessor(), nanoClock,
                () -> renewalTaskScheduler);
        LeaseholdDistributedLock raced = locks.putIfAbsent(name, fresh);
        return raced != null ? raced : fresh;
    }

    /**
     * Renews the lease of the current thread's hold on {@code lockKey}: a hold under a lease of its own
     * ({@code lock(ttl)}) gets another full TTL from now, by the cluster's clock; a hold under the
     * session lease renews the session (which is kept alive in the background anyway) and so confirms
     * the hold is still live.
     *
     * @throws IllegalStateException if the current thread does not hold the lock, or its hold was lost
     *                               ({@link io.leasehold.LeaseNotFoundException} when the cluster says so)
     */
    @Override
    public void renewLock(Object lockKey) {
        LockHandle hold = heldByCurrentThread(lockKey);
        leasehold.lessor().renew(hold.leaseId());
    }

    /**
     * Like {@link #renewLock(Object)}. A lease's TTL is fixed when it is granted, so for a hold under a
     * lease of its own {@code ttl} must be that lease's TTL; a hold under the session lease does not
     * expire while this process keeps its session alive, so {@code ttl} does not apply to it.
     *
     * @throws IllegalArgumentException if the hold has a lease of its own whose TTL is not {@code ttl}
     *                                  (nothing is renewed)
     */
    @Override
    public void renewLock(Object lockKey, Duration ttl) {
        Objects.requireNonNull(ttl, "ttl");
        LockHandle hold = heldByCurrentThread(lockKey);
        boolean session = leasehold.sessionLeaseId().orElse(0) == hold.leaseId();
        if (!session) {
            LeaseInfo info = leasehold.lessor().timeToLive(hold.leaseId());
            if (!info.grantedTtl().equals(ttl)) {
                throw new IllegalArgumentException("lock '" + hold.lockName() + "': its lease has a TTL of "
                        + info.grantedTtl() + ", fixed when it was granted; cannot renew it for " + ttl
                        + " (renew with its own TTL, or lock again with the new one)");
            }
        }
        leasehold.lessor().renew(hold.leaseId());
    }

    /**
     * With a scheduler set, holds taken with {@code lock(ttl)} or {@code tryLock(wait, ttl)} have their
     * own lease renewed every third of its TTL until unlocked, so the lock does not expire while the
     * thread works; the lease still frees the lock within the TTL if this process dies. (Holds under the
     * session lease are kept alive by the Leasehold instance either way.) Applies to holds taken after
     * the call.
     */
    @Override
    public void setRenewalTaskScheduler(TaskScheduler renewalTaskScheduler) {
        this.renewalTaskScheduler = Objects.requireNonNull(renewalTaskScheduler, "renewalTaskScheduler");
    }

    /**
     * Forgets the locks of this registry that no thread of it holds and that were last acquired
     * (or obtained, if never acquired) more than {@code age} milliseconds ago. A later
     * {@link #obtain(Object)} of such a key returns a new lock object. Nothing changes on the cluster:
     * released lock records are the backend's to clean up.
     */
    @Override
    public void expireUnusedOlderThan(long age) {
        long now = nanoClock.getAsLong();
        long ageNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, age));
        locks.values().removeIf(lock -> !lock.isLockedHere() && now - lock.lastAcquiredNanos() > ageNanos);
    }

    /** The lock names this registry holds objects for now. */
    int size() {
        return locks.size();
    }

    private String name(Object lockKey) {
        Objects.requireNonNull(lockKey, "lockKey must not be null");
        return prefix + lockKey;
    }

    private LockHandle heldByCurrentThread(Object lockKey) {
        String name = name(lockKey);
        LeaseholdDistributedLock lock = locks.get(name);
        if (lock == null || lock.getHoldCount() == 0) {
            throw new IllegalStateException("lock '" + name + "' is not held by thread '"
                    + Thread.currentThread().getName() + "' through this registry, so it cannot be renewed");
        }
        LockHandle hold = lock.handle();
        if (!hold.isValid()) {
            throw new IllegalStateException("lock '" + name + "' (fence " + hold.fence() + ") was lost while held"
                    + " (its lease expired or was revoked); cannot renew it");
        }
        return hold;
    }

    @Override
    public String toString() {
        return "LeaseholdLockRegistry{prefix='" + prefix + "', locks=" + locks.size() + '}';
    }
}
