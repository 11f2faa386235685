package io.leasehold;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The resource side of fencing: remembers the highest fence seen per resource and refuses a lower
 * one. Thread-safe.
 *
 * <p>What the resource must store, per protected item: the highest fence it accepted and the lease of
 * the hold that wrote with it. A write is accepted when its fence is higher, or equal and from the
 * same lease (the same hold writing again). An equal fence from another lease is refused: fences are
 * unique per grant, but a cluster split with split-brain protection turned off can let both sides
 * hand out the same number, and the lease tells those two holders apart. In SQL:
 * {@code UPDATE ... SET ..., last_fence = :fence, last_lease = :lease WHERE id = :id AND
 * (last_fence < :fence OR (last_fence = :fence AND last_lease = :lease))}; zero rows updated means
 * the writer has lost its lock.
 */
public final class FenceChecker {

    private record Seen(long fence, long leaseId) {
    }

    private final ConcurrentMap<String, Seen> highest = new ConcurrentHashMap<>();

    /**
     * Records the hold's fence for {@code resource} if it is higher than the highest seen, or equal and
     * from the same lease (the same hold's repeat write).
     *
     * @return true if accepted; false if the writer is stale (or shares its fence with another holder)
     */
    public boolean tryAccept(String resource, LockHandle hold) {
        Objects.requireNonNull(hold, "hold");
        return tryAccept(resource, hold.fence(), hold.leaseId());
    }

    /** Like {@link #tryAccept(String, LockHandle)}, from the fence and lease id the writer passed on. */
    public boolean tryAccept(String resource, long fence, long leaseId) {
        Objects.requireNonNull(resource, "resource");
        boolean[] accepted = {false};
        highest.compute(resource, (key, seen) -> {
            if (seen == null || fence > seen.fence() || (fence == seen.fence() && leaseId == seen.leaseId())) {
                accepted[0] = true;
                return new Seen(fence, leaseId);
            }
            return seen;
        });
        return accepted[0];
    }

    /**
     * Like {@link #tryAccept(String, LockHandle)}, but throws when the writer is stale.
     *
     * @throws StaleFenceException if a higher fence, or the same fence from another lease, was seen
     */
    public void accept(String resource, LockHandle hold) {
        if (!tryAccept(resource, hold)) {
            throw new StaleFenceException(resource, hold.fence(), highest(resource));
        }
    }

    /**
     * Records {@code fence} for {@code resource} if it is not lower than the highest seen, with no
     * lease to tell two holders of one fence apart (equal fences are accepted). Prefer the forms that
     * take the hold or its lease.
     *
     * @return true if accepted; false if a higher fence was seen already (the writer is stale)
     */
    public boolean tryAccept(String resource, long fence) {
        Objects.requireNonNull(resource, "resource");
        boolean[] accepted = {false};
        highest.compute(resource, (key, seen) -> {
            if (seen == null || fence >= seen.fence()) {
                accepted[0] = true;
                return new Seen(fence, seen != null && fence == seen.fence() ? seen.leaseId() : 0);
            }
            return seen;
        });
        return accepted[0];
    }

    /**
     * Like {@link #tryAccept}, but throws when the fence is stale.
     *
     * @throws StaleFenceException if a higher fence was seen for this resource
     */
    public void accept(String resource, long fence) {
        if (!tryAccept(resource, fence)) {
            throw new StaleFenceException(resource, fence, highest(resource));
        }
    }

    /** The highest fence accepted for the resource, or {@link Long#MIN_VALUE} if none. */
    public long highest(String resource) {
        Seen seen = highest.get(Objects.requireNonNull(resource, "resource"));
        return seen == null ? Long.MIN_VALUE : seen.fence();
    }
}
