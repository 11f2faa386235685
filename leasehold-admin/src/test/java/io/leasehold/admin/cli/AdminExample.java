package io.leasehold.admin.cli;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.admin.ForcedRelease;
import io.leasehold.admin.LeaseholdAdmin;
import io.leasehold.admin.LockView;
import io.leasehold.admin.Page;
import io.leasehold.hazelcast.HazelcastLeasehold;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The README's admin API snippet, compiled (and run by {@link AdminExampleTest}). */
final class AdminExample {

    private AdminExample() {
    }

    /** Force-frees every lock held for longer than {@code limit}; returns what it released. */
    static List<ForcedRelease> freeStuckLocks(HazelcastInstance hazelcast, Duration limit) {
        LeaseholdAdmin admin = HazelcastLeasehold.admin(hazelcast);
        List<ForcedRelease> released = new ArrayList<>();
        Optional<String> cursor = Optional.empty();
        do {
            Page<LockView> page = admin.locks(cursor.orElse(null), 500);
            for (LockView lock : page.items()) {
                if (lock.heldFor().compareTo(limit) > 0) {
                    released.add(admin.forceRelease(lock.name())); // the holder is told; its fence is stale now
                }
            }
            cursor = page.nextCursor();
        } while (cursor.isPresent());
        return released;
    }
}
