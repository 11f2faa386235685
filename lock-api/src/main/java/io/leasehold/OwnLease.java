package io.leasehold;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A lock held under a lease of its own, built from the {@link Lessor}: grant a lease of
 * {@code leaseTime}, lock under it, and revoke it on unlock. The lease is not kept alive, so a
 * holder that neither unlocks nor renews loses the lock when the lease expires on the cluster's
 * clock. This is what {@link LeaseLock#tryLock(Duration, Duration)} promises, for any
 * implementation of the API (the backend's own version may save the extra round trips).
 *
 * <p>Costs one grant more than a session-lease acquire, and one revoke on unlock. If the holder dies
 * between the grant and the lock, or between the unlock and the revoke, the lease is simply left to
 * expire.
 */
public final class OwnLease {

    private OwnLease() {
    }

    /**
     * Grants a lease of {@code leaseTime}, waits up to {@code wait} for the lock under it, and returns
     * a handle whose unlock also revokes the lease. When the lock is not acquired the lease is revoked
     * at once.
     *
     * @throws IllegalArgumentException if {@code wait} is negative or {@code leaseTime} is not a valid TTL
     * @throws InterruptedException     if interrupted while waiting; nothing is left held, queued or granted
     */
    public static Optional<LockHandle> tryLock(Lessor lessor, LeaseLock lock, Duration wait, Duration leaseTime)
            throws InterruptedException {
        Objects.requireNonNull(lessor, "lessor");
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(wait, "wait");
        Objects.requireNonNull(leaseTime, "leaseTime");
        if (wait.isNegative()) {
            throw new IllegalArgumentException("lock '" + lock.name() + "': wait " + wait + " is negative");
        }
        Lease lease = lessor.grant(leaseTime);
        Optional<LockHandle> handle = Optional.empty();
        try {
            handle = lock.tryLock(lease.id(), wait);
            return handle.map(h -> new Handle(lessor, h));
        } finally {
            if (handle.isEmpty()) {
                revokeQuietly(lessor, lease.id());
            }
        }
    }

    private static void revokeQuietly(Lessor lessor, long leaseId) {
        try {
            lessor.revoke(leaseId);
        } catch (LeaseNotFoundException alreadyGone) {
            // expired meanwhile: nothing left to free
        }
    }

    /** The hold; unlocking also revokes its lease. */
    private static final class Handle extends ForwardingLockHandle {
        private final Lessor lessor;

        Handle(Lessor lessor, LockHandle hold) {
            super(hold);
            this.lessor = lessor;
        }

        @Override
        public void unlock() {
            try {
                super.unlock();
            } finally {
                revokeQuietly(lessor, leaseId());
            }
        }

        @Override
        public void unlockAndWait() {
            try {
                super.unlockAndWait();
            } finally {
                revokeQuietly(lessor, leaseId());
            }
        }

        @Override
        public void close() {
            try {
                super.close();
            } finally {
                revokeQuietly(lessor, leaseId());
            }
        }

        @Override
        public String toString() {
            return delegate() + " (own lease)";
        }
    }
}
