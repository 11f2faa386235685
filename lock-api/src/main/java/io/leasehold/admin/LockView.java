package io.leasehold.admin;

import java.time.Duration;

/**
 * A held lock.
 *
 * @param name    the lock
 * @param leaseId the lease of the hold
 * @param holder  the label of the holder's instance (its session tag, hexadecimal)
 * @param fence   the fence of the current hold
 * @param heldFor how long the current hold has lasted, by the owner's clock
 * @param waiters how many acquirers are queued behind it
 */
public record LockView(String name, long leaseId, String holder, long fence, Duration heldFor, int waiters) {
}
