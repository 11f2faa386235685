package io.leasehold.hazelcast.internal.core;

/**
 * One hold in a {@link HoldRecord}: permits of a semaphore, or a shared or exclusive hold of a
 * read-write lock (an exclusive hold counts every permit of the record).
 *
 * @param holdId     the id of the acquire call that made it (made once per call, so retries are recognised)
 * @param leaseId    the lease it belongs to; it ends with that lease
 * @param tag        the session tag of the instance that asked, to route handoff notices
 * @param ttl        the TTL of that lease, in milliseconds (a contender checks a hold older than this)
 * @param count      how many permits it holds
 * @param exclusive  true for an exclusive hold (it holds every permit while it lasts)
 * @param acquiredAt owner-clock time of the grant
 * @param fence      the fence of this grant
 */
public record PermitHold(long holdId, long leaseId, long tag, long ttl, long count, boolean exclusive,
                         long acquiredAt, long fence) {

    PermitHold withCount(long n) {
        return new PermitHold(holdId, leaseId, tag, ttl, n, exclusive, acquiredAt, fence);
    }
}
