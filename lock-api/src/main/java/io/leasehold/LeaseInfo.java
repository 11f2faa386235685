package io.leasehold;

import java.time.Duration;
import java.util.Set;

/**
 * What {@link Lessor#timeToLive(long)} reports of a lease (etcd's {@code TimeToLive}).
 *
 * @param id           the lease id
 * @param grantedTtl   the TTL the lease was granted with
 * @param remainingTtl the time left until its deadline, by the owner's clock (never negative)
 * @param keys         the keys (lock names) attached to it
 */
public record LeaseInfo(long id, Duration grantedTtl, Duration remainingTtl, Set<String> keys) {
    public LeaseInfo {
        keys = Set.copyOf(keys);
    }
}
