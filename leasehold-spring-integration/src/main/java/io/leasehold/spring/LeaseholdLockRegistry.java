package io.leasehold.spring;

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
     * ({@code lock(ttl)}) gets another full TTL of that lease from now, by the cluster's clock (and
     * drops a TTL set by {@link #renewLock(Object, Duration)}); a hold under the session lease renews
     * the session (which is kept alive in the background anyway) and so confirms the hold is still live.
     *
     * @throws IllegalStateException if the current thread does not hold the lock, or its hold was lost
     *                               ({@link io.leasehold.LeaseNotFoundException} when the cluster says so)
     */
    @Override
    public void renewLock(Object lockKey) {
        renew(lockKey, null);
    }

    /**
     * Renews the current thread's hold on {@code lockKey} for {@code ttl} from now, as Spring
     * Integration's Redis and JDBC registries do. A lease's TTL is fixed when it is granted, so for a
     * hold under a lease of its own and a {@code ttl} other than the lease's, this process renews the
     * lease in the background while the lease would end before {@code now + ttl}, and revokes it at
     * {@code now + ttl} (a shorter TTL ends the hold early too). Those deadlines are on this process's
     * clock; if the process dies, the cluster frees the lock at most the lease's granted TTL after its
     * last renewal. A hold under the session lease does not expire while this process keeps its session
     * alive, and one whose lease the registry's renewal scheduler renews is kept until unlocked: for
     * those this renews the lease and {@code ttl} does not apply.
     *
     * @throws IllegalArgumentException if {@code ttl} is not positive (nothing is renewed)
     * @throws IllegalStateException    as {@link #renewLock(Object)}
     */
    @Override
    public void renewLock(Object lockKey, Duration ttl) {
        Objects.requireNonNull(ttl, () -> "lock '" + name(lockKey) + "': ttl must not be null");
        renew(lockKey, ttl);
    }

    private void renew(Object lockKey, Duration ttl) {
        String name = name(lockKey);
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("lock '" + name + "': ttl must be positive, got " + ttl);
        }
        LockHandle hold = heldByCurrentThread(lockKey);
        boolean session = leasehold.sessionLeaseId().orElse(0) == hold.leaseId();
        if (session || LeaseholdDistributedLock.renewedByScheduler(hold)) {
            leasehold.lessor().renew(hold.leaseId());
            return;
        }
        locks.get(name).renewFor(hold, ttl);
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
