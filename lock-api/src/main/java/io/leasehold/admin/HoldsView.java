package io.leasehold.admin;

import java.util.List;

/**
 * A semaphore or read-write lock that is held or waited on.
 *
 * @param name      the semaphore or lock name
 * @param kind      which of the two it is
 * @param permits   the permit count (a read-write lock: {@link Integer#MAX_VALUE})
 * @param available permits free now (negative after a reduction below what is held)
 * @param holds     its holds, oldest first
 * @param waiters   how many acquirers are queued
 */
public record HoldsView(String name, HoldKind kind, long permits, long available, List<HoldView> holds,
                        int waiters) {
    public HoldsView {
        holds = List.copyOf(holds);
    }
}
