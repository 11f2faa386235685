package io.leasehold.admin;

import java.util.Optional;

/**
 * What {@link LeaseholdAdmin#forceRelease} did.
 *
 * @param name      the lock
 * @param oldLease  the lease that held it
 * @param oldFence  the fence of the hold that was released
 * @param newHolder the hold the lock was handed to (the next waiter, with a higher fence), or empty if it is free
 */
public record ForcedRelease(String name, long oldLease, long oldFence, Optional<LockView> newHolder) {
}
