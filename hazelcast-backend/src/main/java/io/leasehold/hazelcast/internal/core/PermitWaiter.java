package io.leasehold.hazelcast.internal.core;

/**
 * An acquirer queued in a {@link HoldRecord}, first come first served.
 *
 * @param holdId    the id of the acquire call (the hold it becomes keeps it)
 * @param leaseId   the lease the hold will belong to
 * @param tag       the session tag of the waiting instance, to route the handoff notice
 * @param ttl       the TTL of that lease, in milliseconds
 * @param count     how many permits it asks for (ignored for an exclusive request: it takes them all)
 * @param exclusive true for an exclusive request
 * @param waitUntil owner-clock time after which the waiter has given up
 */
public record PermitWaiter(long holdId, long leaseId, long tag, long ttl, long count, boolean exclusive,
                           long waitUntil) {
}
