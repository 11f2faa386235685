package io.leasehold.admin;

import java.time.Duration;

/**
 * A live lease, as a listing shows it.
 *
 * @param id           the lease id
 * @param grantedTtl   the TTL it was granted with
 * @param remainingTtl time left until its deadline, by the owner's clock
 * @param holder       the label of the instance that granted it (its session tag, hexadecimal), or
 *                     empty for a lease granted outside a Leasehold instance
 * @param keyCount     how many keys are attached to it ({@link io.leasehold.Lessor#attach})
 */
public record LeaseView(long id, Duration grantedTtl, Duration remainingTtl, String holder, int keyCount) {
}
