package io.leasehold.shedlock;

import io.leasehold.LeaseNotFoundException;
import io.leasehold.Lessor;
import io.leasehold.LockHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One cluster hold of a ShedLock lock, shared by the lock and the locks its extensions return: the
 * handle (fence, lease), the lease's TTL, and when the lease was last renewed. Extensions past the
 * TTL are renewed here, on the provider's release thread.
 */
final class Hold {

    private static final Logger LOG = LoggerFactory.getLogger(Hold.class);

    final LockHandle handle;
    final Duration ttl;
    /** Local send time of the grant or renewal that the current lockAtLeastFor counts from. */
    private long anchorSentNanos;
    /** Local send time of the last renewal (or the grant). */
    private long lastRenewSentNanos;
    private long renewTargetNanos;
    private ScheduledFuture<?> renewal;
    private boolean stopped;

    Hold(LockHandle handle, Duration ttl) {
        this.handle = handle;
        this.ttl = ttl;
        long now = System.nanoTime();
        this.anchorSentNanos = now;
        this.lastRenewSentNanos = now;
    }

    long leaseId() {
        return handle.leaseId();
    }

    /** An extension's renewal, sent at {@code sentNanos}, succeeded: lockAtLeastFor counts from it. */
    synchronized void anchored(long sentNanos) {
        anchorSentNanos = sentNanos;
        lastRenewSentNanos = sentNanos;
        cancelRenewal();
    }

    /** How long the lease has run since the anchor, on the owner's clock for the part since the last renewal. */
    synchronized Duration sinceAnchor(Duration ownerElapsedSinceRenewal) {
        return Duration.ofNanos(lastRenewSentNanos - anchorSentNanos).plus(ownerElapsedSinceRenewal);
    }

    /** Keeps renewing the lease (each renewal gives another TTL) until it runs to {@code targetNanos}. */
    synchronized void renewUntil(long targetNanos, Lessor lessor, ScheduledExecutorService scheduler) {
        renewTargetNanos = targetNanos;
        scheduleNext(lessor, scheduler, System.nanoTime());
    }

    /** Stops renewing: the lock is being released. */
    synchronized void stop() {
        stopped = true;
        cancelRenewal();
    }

    private void cancelRenewal() {
        if (renewal != null) {
            renewal.cancel(false);
            renewal = null;
        }
    }

    private void scheduleNext(Lessor lessor, ScheduledExecutorService scheduler, long now) {
        if (stopped) {
            return;
        }
        long ttlNanos = ttl.toNanos();
        if (lastRenewSentNanos + ttlNanos - renewTargetNanos >= 0) {
            return; // the lease as renewed last runs to the target already
        }
        // Halfway through the lease, or late enough that the last renewal ends at the target.
        long at = Math.min(lastRenewSentNanos + ttlNanos / 2, renewTargetNanos - ttlNanos);
        try {
            renewal = scheduler.schedule(() -> renewOnce(lessor, scheduler), Math.max(0, at - now), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            LOG.warn("lock '{}' (fence {}): the provider is closed, so its extension is not renewed; "
                    + "the lease frees it {} after its last renewal", handle.lockName(), handle.fence(), ttl);
        }
    }

    private void renewOnce(Lessor lessor, ScheduledExecutorService scheduler) {
        synchronized (this) {
            if (stopped) {
                return;
            }
        }
        long sent = System.nanoTime();
        try {
            lessor.renew(handle.leaseId());
        } catch (LeaseNotFoundException e) {
            LOG.warn("lock '{}' (fence {}) was lost while extended: {}", handle.lockName(), handle.fence(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.warn("lock '{}' (fence {}): renewing its extension failed, trying again: {}",
                    handle.lockName(), handle.fence(), e.toString());
            synchronized (this) {
                if (!stopped) {
                    long retry = Math.min(TimeUnit.SECONDS.toNanos(1), ttl.toNanos() / 10);
                    try {
                        renewal = scheduler.schedule(() -> renewOnce(lessor, scheduler), retry, TimeUnit.NANOSECONDS);
                    } catch (RejectedExecutionException closed) {
                        LOG.warn("lock '{}' (fence {}): the provider is closed; the lease frees it", handle.lockName(),
                                handle.fence());
                    }
                }
            }
            return;
        }
        synchronized (this) {
            lastRenewSentNanos = sent;
            scheduleNext(lessor, scheduler, System.nanoTime());
        }
    }
}
