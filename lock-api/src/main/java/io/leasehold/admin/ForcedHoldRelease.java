package io.leasehold.admin;

import java.util.List;

/**
 * What {@link LeaseholdAdmin#forceReleaseHolds} did on one name.
 *
 * @param name     the semaphore or lock name
 * @param kind     which of the two it is
 * @param released the holds that were released
 * @param granted  the holds handed to waiters inside the same step (each with a higher fence)
 */
public record ForcedHoldRelease(String name, HoldKind kind, List<HoldView> released, List<HoldView> granted) {
    public ForcedHoldRelease {
        released = List.copyOf(released);
        granted = List.copyOf(granted);
    }
}
