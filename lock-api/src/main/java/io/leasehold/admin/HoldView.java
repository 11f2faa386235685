package io.leasehold.admin;

import java.time.Duration;

/**
 * One hold on a semaphore or read-write lock.
 *
 * @param holdId    the id of the acquire that made it (hexadecimal in tools)
 * @param leaseId   the lease it belongs to; it ends with that lease
 * @param holder    the label of the holder's instance (as for locks)
 * @param count     permits it holds (a shared read-write hold: 1; an exclusive one: every permit)
 * @param exclusive true for an exclusive (write) hold
 * @param fence     the fence of this grant
 * @param heldFor   how long it has been held, by the owner's clock
 */
public record HoldView(long holdId, long leaseId, String holder, long count, boolean exclusive, long fence,
                       Duration heldFor) {
}
