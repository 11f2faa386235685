package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.Checks;
import io.leasehold.hazelcast.internal.core.Describe;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.Maps;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.map.IMap;
import io.leasehold.LockException;
import io.leasehold.admin.ForcedHoldRelease;
import io.leasehold.admin.HoldKind;
import io.leasehold.admin.HoldView;
import io.leasehold.admin.HoldsView;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The semaphore and read-write lock half of {@link AdminImpl}: one name read, force releases by name or
 * by lease, and rows turned into views. Listing pages through {@link AdminImpl}'s paging.
 */
final class HoldAdmin {

    /** Names asked of each member per round when freeing a lease's holds everywhere. */
    private static final int KEYS_PER_ROUND = 1_000;

    private final IMap<String, HoldRecord> holds;
    private final Supplier<IExecutorService> executor;
    private final LongFunction<String> label;
    private final int maxNameLength;

    HoldAdmin(IMap<String, HoldRecord> holds, Supplier<IExecutorService> executor, LongFunction<String> label,
              int maxNameLength) {
        this.holds = holds;
        this.executor = executor;
        this.label = label;
        this.maxNameLength = maxNameLength;
    }

    Optional<HoldsView> read(HoldKind kind, String name) {
        String key = key(kind, name);
        HoldRows rows = AdminImpl.call(() -> holds.executeOnKey(key, new ReadHolds()), describe(kind, name));
        return rows.rows.isEmpty() ? Optional.empty() : Optional.of(view(rows.rows.get(0)));
    }

    ForcedHoldRelease forceRelease(HoldKind kind, String name, long leaseId) {
        String key = key(kind, name);
        if (leaseId != 0) {
            Checks.leaseId(leaseId);
        }
        String what = describe(kind, name);
        HoldRows rows = AdminImpl.call(() -> holds.executeOnKey(key, new ForceReleaseHolds(leaseId)), what);
        if (rows.rows.isEmpty()) {
            throw new LockException(name, what + " is not held" + (leaseId == 0 ? "" : " by " + Describe.lease(leaseId))
                    + "; nothing was released");
        }
        return forced(rows, leaseId);
    }

    List<ForcedHoldRelease> forceReleaseOf(long leaseId) {
        Checks.leaseId(leaseId);
        String what = Describe.lease(leaseId) + ": its semaphore permits and read-write holds";
        List<ForcedHoldRelease> out = new ArrayList<>();
        boolean more = true;
        while (more) {
            more = false;
            Set<String> keys = new TreeSet<>();
            Map<Member, Future<HoldRows>> sent = AdminImpl.call(() -> executor.get()
                    .submitToAllMembers(new HoldsOfLease(leaseId, KEYS_PER_ROUND)), what);
            for (Future<HoldRows> f : sent.values()) {
                HoldRows rows = AdminImpl.await(f, what);
                rows.rows.forEach(r -> keys.add(r.key()));
                more |= rows.more;
            }
            for (String key : keys) {
                HoldRows rows = AdminImpl.call(() -> holds.executeOnKey(key, new ForceReleaseHolds(leaseId)), what);
                if (!rows.rows.isEmpty()) {
                    out.add(forced(rows, leaseId));
                }
            }
        }
        return out;
    }

    /** What a force release answered: the released holds of the row before, the new holds of the row after. */
    private ForcedHoldRelease forced(HoldRows rows, long leaseId) {
        HoldRow before = rows.rows.get(0);
        Set<Long> had = new HashSet<>();
        List<HoldView> released = new ArrayList<>();
        for (HoldRow.Hold h : before.holds()) {
            had.add(h.holdId());
            if (leaseId == 0 || h.leaseId() == leaseId) {
                released.add(view(h));
            }
        }
        List<HoldView> granted = new ArrayList<>();
        if (rows.rows.size() > 1) {
            for (HoldRow.Hold h : rows.rows.get(1).holds()) {
                if (!had.contains(h.holdId())) {
                    granted.add(view(h));
                }
            }
        }
        return new ForcedHoldRelease(nameOf(before.key()), kindOf(before.key()), released, granted);
    }

    HoldsView view(HoldRow r) {
        return new HoldsView(nameOf(r.key()), kindOf(r.key()), r.limit(), r.available(),
                r.holds().stream().map(this::view).toList(), r.waiters());
    }

    private HoldView view(HoldRow.Hold h) {
        return new HoldView(h.holdId(), h.leaseId(), label.apply(h.tag()), h.count(), h.exclusive(), h.fence(),
                Duration.ofMillis(h.heldFor()));
    }

    /** The record's key in the holds map; the name checked as every name is. */
    String key(HoldKind kind, String name) {
        Checks.lockName(name, maxNameLength);
        return kind == HoldKind.SEMAPHORE ? Maps.semaphoreKey(name) : Maps.readWriteKey(name);
    }

    static HoldKind kindOf(String key) {
        return key.startsWith(Maps.SEMAPHORE_PREFIX) ? HoldKind.SEMAPHORE : HoldKind.READ_WRITE;
    }

    static String nameOf(String key) {
        return key.substring(key.startsWith(Maps.SEMAPHORE_PREFIX) ? Maps.SEMAPHORE_PREFIX.length()
                : Maps.READ_WRITE_PREFIX.length());
    }

    private static String describe(HoldKind kind, String name) {
        return (kind == HoldKind.SEMAPHORE ? "semaphore '" : "read-write lock '") + name + "'";
    }
}
