package io.leasehold.hazelcast.internal.member;

import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.Waiter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Member-local and never replicated: which lock names of this member's partitions each lease holds
 * or waits on. Kept by the lock processors on the primary, rebuilt from the records when the member
 * takes partitions over, so that the end of a lease frees its locks without anyone knowing their names.
 */
final class LockIndex {

    private final Map<Long, Set<String>> byLease = new ConcurrentHashMap<>();

    /** A lock record changed from {@code before} to {@code after} (either may be null). */
    void update(String name, LockRecord before, LockRecord after) {
        update(name, leasesOf(before), leasesOf(after));
    }

    /** A record named {@code name} named the leases {@code was} and now names {@code now}. */
    void update(String name, Set<Long> was, Set<Long> now) {
        for (Long lease : now) {
            if (!was.contains(lease)) {
                byLease.computeIfAbsent(lease, k -> ConcurrentHashMap.newKeySet()).add(name);
            }
        }
        for (Long lease : was) {
            if (!now.contains(lease)) {
                byLease.computeIfPresent(lease, (k, names) -> {
                    names.remove(name);
                    return names.isEmpty() ? null : names;
                });
            }
        }
    }

    /** Adds what a record says (rebuild after a take-over); idempotent. */
    void add(String name, LockRecord record) {
        update(name, null, record);
    }

    /** The lock names the given leases appear in. */
    Set<String> names(Collection<Long> leases) {
        Set<String> names = new HashSet<>();
        for (Long lease : leases) {
            Set<String> held = byLease.get(lease);
            if (held != null) {
                names.addAll(held);
            }
        }
        return names;
    }

    /** Forgets names this member no longer owns (their new owner indexes them). */
    void retain(Predicate<String> owned) {
        List<Long> empty = new ArrayList<>();
        byLease.forEach((lease, names) -> {
            names.removeIf(owned.negate());
            if (names.isEmpty()) {
                empty.add(lease);
            }
        });
        empty.forEach(lease -> byLease.computeIfPresent(lease, (k, names) -> names.isEmpty() ? null : names));
    }

    int leaseCount() {
        return byLease.size();
    }

    private static Set<Long> leasesOf(LockRecord r) {
        if (r == null) {
            return Set.of();
        }
        Set<Long> leases = new HashSet<>(r.waiters().size() + 1);
        if (r.isHeld()) {
            leases.add(r.holderLease());
        }
        for (Waiter w : r.waiters()) {
            leases.add(w.leaseId());
        }
        return leases;
    }
}
