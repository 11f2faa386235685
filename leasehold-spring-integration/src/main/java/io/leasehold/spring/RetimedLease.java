package io.leasehold.spring;

import io.leasehold.LeaseNotFoundException;
import io.leasehold.Lessor;
import io.leasehold.LockHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A hold's own lease held to a TTL other than the one it was granted with, from the renewal that
 * started it: a lease's TTL is fixed at grant, so this renews it again while the last renewal ends
 * before the new deadline (halfway through the lease, or late enough that the last renewal ends at the
 * deadline), and revokes it at the deadline, so that a shorter TTL ends the hold early too. Both run
 * on the JDK's delayed executor; {@link #stop()} (on unlock, or on the next renewal) ends them.
 * Deadlines are on this process's monotonic clock; if this process dies, the cluster ends the lease at
 * most its granted TTL after the last renewal.
 */
final class RetimedLease {

    private static final Logger LOG = LoggerFactory.getLogger(RetimedLease.class);

    private final Lessor lessor;
    private final LockHandle hold;
    private final long grantedTtlNanos;
    private final long deadlineNanos;
    private long lastRenewSentNanos;
    private boolean stopped;

    private RetimedLease(Lessor lessor, LockHandle hold, Duration grantedTtl, long sentNanos, Duration ttl) {
        this.lessor = lessor;
        this.hold = hold;
        this.grantedTtlNanos = grantedTtl.toNanos();
        this.lastRenewSentNanos = sentNanos;
        this.deadlineNanos = sentNanos + ttl.toNanos();
    }

    /**
     * Renews the hold's lease now and holds it to {@code ttl} from now.
     *
     * @throws LeaseNotFoundException if the lease already ended (nothing is scheduled)
     */
    static RetimedLease start(Lessor lessor, LockHandle hold, Duration grantedTtl, Duration ttl) {
        long sent = System.nanoTime();
        lessor.renew(hold.leaseId());
        RetimedLease retimed = new RetimedLease(lessor, hold, grantedTtl, sent, ttl);
        synchronized (retimed) {
            retimed.scheduleNext();
        }
        return retimed;
    }

    /** Stops the renewals and the revocation at the deadline. */
    synchronized void stop() {
        stopped = true;
    }

    private void scheduleNext() {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        if (lastRenewSentNanos + grantedTtlNanos - deadlineNanos >= 0) {
            after(deadlineNanos - now, this::endAtDeadline); // the lease as renewed last runs to the deadline
            return;
        }
        long at = Math.min(lastRenewSentNanos + grantedTtlNanos / 2, deadlineNanos - grantedTtlNanos);
        after(at - now, this::renewOnce);
    }

    private static void after(long delayNanos, Runnable task) {
        CompletableFuture.delayedExecutor(Math.max(0, delayNanos), TimeUnit.NANOSECONDS).execute(task);
    }

    private void renewOnce() {
        synchronized (this) {
            if (stopped) {
                return;
            }
        }
        long sent = System.nanoTime();
        try {
            lessor.renew(hold.leaseId());
        } catch (LeaseNotFoundException e) {
            LOG.warn("lock '{}' (fence {}) was lost while held to its renewed TTL: {}", hold.lockName(), hold.fence(),
                    e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.warn("lock '{}' (fence {}): renewing its lease failed, trying again: {}", hold.lockName(),
                    hold.fence(), e.toString());
            synchronized (this) {
                if (!stopped) {
                    after(Math.min(TimeUnit.SECONDS.toNanos(1), grantedTtlNanos / 10), this::renewOnce);
                }
            }
            return;
        }
        synchronized (this) {
            lastRenewSentNanos = sent;
            scheduleNext();
        }
    }

    private void endAtDeadline() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        try {
            lessor.revoke(hold.leaseId());
            LOG.debug("lock '{}' (fence {}): its renewed TTL ran out; lease revoked", hold.lockName(), hold.fence());
        } catch (LeaseNotFoundException gone) {
            // ended already
        } catch (RuntimeException e) {
            LOG.warn("lock '{}' (fence {}): could not end its lease at its renewed TTL ({}); the cluster ends it"
                    + " within its granted TTL", hold.lockName(), hold.fence(), e.toString());
        }
    }
}
