package io.leasehold;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The resource side of fencing: remembers the highest fence seen per resource and refuses a lower
 * one. Thread-safe.
 *
 * <p>The rule is small enough to copy into a database: keep a {@code last_fence} column next to the
 * protected row and write with {@code UPDATE ... SET ..., last_fence = :fence WHERE id = :id AND
 * last_fence <= :fence}; zero rows updated means the writer has lost its lock.
 *
 * <p>Equal fences are accepted: one holder may write several times under the same hold.
 */
public final class FenceChecker {

    private final ConcurrentMap<String, Long> highest = new ConcurrentHashMap<>();

    /**
     * Records {@code fence} for {@code resource} if it is not lower than the highest seen.
     *
     * @return true if accepted; false if a higher fence was seen already (the writer is stale)
     */
    public boolean tryAccept(String resource, long fence) {
        Objects.requireNonNull(resource, "resource");
        boolean[] accepted = {false};
        highest.compute(resource, (key, seen) -> {
            if (seen == null || fence >= seen) {
                accepted[0] = true;
                return fence;
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
        return highest.getOrDefault(Objects.requireNonNull(resource, "resource"), Long.MIN_VALUE);
    }
}
