package io.leasehold.admin;

import java.util.List;
import java.util.Set;

/**
 * One lease in full.
 *
 * @param lease          the lease as a listing shows it
 * @param keys           the keys attached to it
 * @param locks          the locks it holds now, by name
 * @param locksTruncated true if it holds more locks than were listed
 */
public record LeaseDetail(LeaseView lease, Set<String> keys, List<LockView> locks, boolean locksTruncated) {
    public LeaseDetail {
        keys = Set.copyOf(keys);
        locks = List.copyOf(locks);
    }
}
