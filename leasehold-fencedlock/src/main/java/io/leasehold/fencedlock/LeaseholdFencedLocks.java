package io.leasehold.fencedlock;

import com.hazelcast.config.cp.FencedLockConfig;
import com.hazelcast.cp.CPGroupId;
import com.hazelcast.cp.lock.FencedLock;
import io.leasehold.Leasehold;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Where {@link FencedLock}s come from on open-source members: in place of
 * {@code hazelcast.getCPSubsystem().getLock(name)}, write
 * {@code LeaseholdFencedLocks.get(leasehold, name)}; the code using the lock stays as it is.
 *
 * <p>Returns the same object for the same Leasehold instance and name (ownership and re-entry counts
 * live in it, as the CP lock keeps them per session and thread), until it is destroyed. The objects
 * are cached per Leasehold instance: call {@link #forget(Leasehold)} when closing an instance to drop
 * its share.
 */
public final class LeaseholdFencedLocks {

    /**
     * What {@link FencedLock#getGroupId()} returns for every Leasehold lock: Leasehold keeps its locks
     * on the cluster's partitions and has no CP group. Name {@value #GROUP_NAME}, id 0.
     */
    public static final CPGroupId GROUP_ID = new CPGroupId() {
        @Override
        public String getName() {
            return GROUP_NAME;
        }

        @Override
        public long getId() {
            return 0;
        }

        @Override
        public String toString() {
            return "CPGroupId{name='" + GROUP_NAME + "', id=0 (Leasehold: no CP group)}";
        }
    };

    /** The name of {@link #GROUP_ID}. */
    public static final String GROUP_NAME = "leasehold";

    private static final ConcurrentMap<Leasehold, ConcurrentMap<String, LeaseholdFencedLock>> LOCKS =
            new ConcurrentHashMap<>();

    private LeaseholdFencedLocks() {
    }

    /**
     * The fenced lock {@code name} on {@code leasehold}'s cluster.
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the name is blank or too long for Leasehold
     */
    public static LeaseholdFencedLock get(Leasehold leasehold, String name) {
        Objects.requireNonNull(name, "name");
        return get(leasehold, name, null);
    }

    /**
     * The fenced lock {@code config.getName()} on {@code leasehold}'s cluster, with the config's lock
     * acquire limit, as the CP lock takes it from its {@link FencedLockConfig}: 0 (the default) lets
     * the owner re-enter without limit, 1 makes the lock non-reentrant, and a re-entry past the limit
     * throws {@link com.hazelcast.cp.lock.exception.LockAcquireLimitReachedException} (or fails a
     * {@code tryLock}). Other config fields do not apply.
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the name is blank or too long for Leasehold, or this instance
     *                                  already has the lock with another limit (nothing is changed)
     */
    public static LeaseholdFencedLock get(Leasehold leasehold, FencedLockConfig config) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(config.getName(), "config.getName()");
        return get(leasehold, config.getName(), config.getLockAcquireLimit());
    }

    private static LeaseholdFencedLock get(Leasehold leasehold, String name, Integer limit) {
        Objects.requireNonNull(leasehold, "leasehold");
        ConcurrentMap<String, LeaseholdFencedLock> ofInstance =
                LOCKS.computeIfAbsent(leasehold, l -> new ConcurrentHashMap<>());
        LeaseholdFencedLock existing = ofInstance.get(name);
        if (existing == null) {
            LeaseholdFencedLock[] created = new LeaseholdFencedLock[1];
            created[0] = new LeaseholdFencedLock(leasehold.lock(name), limit == null ? 0 : limit,
                    () -> ofInstance.remove(name, created[0]));
            LeaseholdFencedLock raced = ofInstance.putIfAbsent(name, created[0]);
            existing = raced != null ? raced : created[0];
        }
        if (limit != null && existing.lockAcquireLimit() != limit) {
            throw new IllegalArgumentException("lock '" + name + "': already in use on this Leasehold instance with a"
                    + " lock acquire limit of " + existing.lockAcquireLimit() + ", asked for " + limit
                    + " (get it with one config, or destroy it first)");
        }
        return existing;
    }

    /**
     * Drops the cached locks of {@code leasehold} (call it when closing the instance). Holds still taken
     * through them are not released here: closing the Leasehold instance revokes its session, which does.
     */
    public static void forget(Leasehold leasehold) {
        LOCKS.remove(Objects.requireNonNull(leasehold, "leasehold"));
    }
}
