package io.leasehold.shedlock;

import io.leasehold.LeaseInfo;
import io.leasehold.LeaseNotFoundException;
import io.leasehold.LeaseholdUnavailableException;
import io.leasehold.LockNotHeldException;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A ShedLock lock taken by {@link LeaseholdLockProvider}. Its {@link #fence()} is the fencing token of
 * the hold; an extension returns a new lock with the same hold and fence.
 */
public final class LeaseholdSimpleLock implements SimpleLock {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseholdSimpleLock.class);

    private final LeaseholdLockProvider provider;
    final Hold hold;
    private final Duration lockAtLeastFor;
    private final AtomicBoolean valid = new AtomicBoolean(true);

    LeaseholdSimpleLock(LeaseholdLockProvider provider, Hold hold, Duration lockAtLeastFor) {
        this.provider = provider;
        this.hold = hold;
        this.lockAtLeastFor = lockAtLeastFor;
    }

    /** The Leasehold lock name. */
    public String name() {
        return hold.handle.lockName();
    }

    /** The fencing token of this hold: pass it to the resource the task writes to. */
    public long fence() {
        return hold.handle.fence();
    }

    /** The lease the lock is held under (its TTL is the lock's lockAtMostFor). */
    public long leaseId() {
        return hold.leaseId();
    }

    /**
     * Releases the lock, or, if it has been held for less than lockAtLeastFor (as the lease's owner
     * measures it), schedules the release for when it has.
     *
     * @throws IllegalStateException if this lock was already unlocked or extended
     */
    @Override
    public void unlock() {
        if (!valid.compareAndSet(true, false)) {
            throw new IllegalStateException("lock '" + name() + "' (fence " + fence()
                    + ") was already unlocked or extended");
        }
        LeaseholdLockProvider.pop(hold);
        hold.stop();
        Duration rest = remainingAtLeast();
        if (rest.isNegative() || rest.isZero()) {
            release();
            return;
        }
        LOG.debug("lock '{}' (fence {}) is released in {} (lockAtLeastFor {})", name(), fence(), rest, lockAtLeastFor);
        try {
            provider.releaser.schedule(this::release, rest.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            LOG.info("lock '{}' (fence {}): the provider is closed; its lease frees it", name(), fence());
        }
    }

    /**
     * Renews the lease so that the lock is held for {@code lockAtMostFor} from now (see the provider
     * for TTLs that differ from the lease's), and returns the lock to use from now on, with the same
     * fence. Empty when the lock was lost: its lease expired or was revoked. A failed extension leaves
     * this lock as it was, so that unlocking it still cleans up.
     *
     * @throws IllegalStateException    if this lock was already unlocked or extended
     * @throws IllegalArgumentException if a duration is negative, or lockAtLeastFor exceeds lockAtMostFor
     */
    @Override
    public Optional<SimpleLock> extend(Duration lockAtMostFor, Duration lockAtLeastFor) {
        Objects.requireNonNull(lockAtMostFor, "lockAtMostFor");
        Objects.requireNonNull(lockAtLeastFor, "lockAtLeastFor");
        if (lockAtMostFor.isNegative() || lockAtLeastFor.isNegative() || lockAtLeastFor.compareTo(lockAtMostFor) > 0) {
            throw new IllegalArgumentException("lock '" + name() + "': cannot extend with lockAtMostFor "
                    + lockAtMostFor + " and lockAtLeastFor " + lockAtLeastFor
                    + " (both must be non-negative, and lockAtLeastFor no longer than lockAtMostFor)");
        }
        if (!valid.get()) {
            throw new IllegalStateException("lock '" + name() + "' (fence " + fence()
                    + ") was already unlocked or extended");
        }
        if (!hold.handle.isValid()) {
            LOG.warn("lock '{}' (fence {}) cannot be extended: it was lost", name(), fence());
            return Optional.empty();
        }
        long sent = System.nanoTime();
        try {
            provider.lessor().renew(hold.leaseId());
        } catch (LeaseNotFoundException e) {
            LOG.warn("lock '{}' (fence {}) cannot be extended: {}", name(), fence(), e.getMessage());
            return Optional.empty();
        }
        if (!valid.compareAndSet(true, false)) {
            throw new IllegalStateException("lock '" + name() + "' was unlocked or extended concurrently");
        }
        hold.anchored(sent);
        Duration ttl = LeaseholdLockProvider.leaseTtl(lockAtMostFor);
        if (ttl.compareTo(hold.ttl) > 0) {
            hold.renewUntil(sent + ttl.toNanos(), provider.lessor(), provider.releaser);
        }
        LeaseholdSimpleLock extended = new LeaseholdSimpleLock(provider, hold, lockAtLeastFor);
        LeaseholdLockProvider.replace(this, extended);
        return Optional.of(extended);
    }

    /** lockAtLeastFor minus how long the lock has been held, measured by the lease's owner. */
    private Duration remainingAtLeast() {
        if (lockAtLeastFor.isZero()) {
            return Duration.ZERO;
        }
        LeaseInfo info;
        try {
            info = provider.lessor().timeToLive(hold.leaseId());
        } catch (LeaseNotFoundException gone) {
            return Duration.ZERO; // the lease ended: the lock is free already
        } catch (LeaseholdUnavailableException e) {
            LOG.warn("lock '{}' (fence {}): cannot ask its lease how long it was held ({}); keeping it for"
                    + " the whole lockAtLeastFor", name(), fence(), e.getMessage());
            return lockAtLeastFor;
        }
        Duration held = hold.sinceAnchor(info.grantedTtl().minus(info.remainingTtl()));
        return lockAtLeastFor.minus(held);
    }

    private void release() {
        boolean interrupted = Thread.interrupted();
        try {
            hold.handle.unlockAndWait(); // ShedLock's next run, anywhere, must find it free
        } catch (LockNotHeldException e) {
            LOG.warn("lock '{}' (fence {}) was lost before its release (its lockAtMostFor lease of {} ran out):"
                    + " the task may have overlapped another run; {}", name(), fence(), hold.ttl, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("lock '{}' (fence {}) could not be released ({}); its lease frees it", name(), fence(), e.toString());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "LeaseholdSimpleLock{name='" + name() + "', fence=" + fence() + ", lockAtLeastFor=" + lockAtLeastFor
                + ", valid=" + valid.get() + '}';
    }
}
