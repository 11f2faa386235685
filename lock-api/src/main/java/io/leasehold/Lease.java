package io.leasehold;

import java.time.Duration;

/**
 * A granted lease.
 *
 * @param id  the lease id: random, non-zero, never reused
 * @param ttl the time-to-live the cluster granted: the request (one below the members' minimum is refused)
 */
public record Lease(long id, Duration ttl) {
}
