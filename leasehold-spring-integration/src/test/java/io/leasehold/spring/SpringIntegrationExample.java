package io.leasehold.spring;

import io.leasehold.spring.LeaseholdLockRegistry;

/** The README's Spring Integration usage, compiled (and run by {@code SpringIntegrationExampleTest}). */
public class SpringIntegrationExample {

    /** A resource that refuses writes from a holder that lost its lock (a database row's last_fence column, say). */
    public interface Orders {
        void markShipped(String orderId, long fence);
    }

    /** Every write carries the fence of the lock it was made under. */
    public static void shipOrder(LeaseholdLockRegistry lockRegistry, Orders orders, String orderId)
            throws InterruptedException {
        lockRegistry.executeLocked("order-" + orderId, () -> {
            long fence = lockRegistry.obtain("order-" + orderId).fence();
            orders.markShipped(orderId, fence); // the resource keeps the highest fence and refuses lower ones
        });
    }
}
