package io.leasehold.hazelcast.internal.core;

/**
 * An acquirer queued in a lock record.
 *
 * @param holdId    the id of the acquire call (made once per call, so retries are recognised)
 * @param leaseId   the lease the hold will attach to
 * @param tag       the session tag of the waiting {@code Leasehold} instance, used to route the handoff event
 * @param ttl       the TTL of that lease, in milliseconds
 * @param waitUntil owner-clock time after which the waiter has given up
 */
public record Waiter(long holdId, long leaseId, long tag, long ttl, long waitUntil) {
}
