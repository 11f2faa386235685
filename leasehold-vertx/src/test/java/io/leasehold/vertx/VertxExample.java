package io.leasehold.vertx;

import com.hazelcast.config.Config;
import io.leasehold.vertx.LeaseholdVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** The README's Vert.x snippet, compiled; every node of the tests starts through {@link #startNode}. */
public class VertxExample {

    /** A resource that refuses a write carrying a fence lower than one it has accepted. */
    public interface Orders {
        void markShipped(String orderId, long fence);
    }

    // --- README
    /** A clustered Vert.x node whose shared-data locks and counters are Leasehold's. */
    public static Future<Vertx> startNode(Config config) {
        LeaseholdVertx.apply(config); // Leasehold's maps, member hook and counters, before the member starts
        return Vertx.builder()
                .withClusterManager(new HazelcastClusterManager(config))
                .buildClustered();
    }

    /** Ships an order under its lock, passing the lock's fence to the resource. */
    public static Future<Long> shipOrder(Vertx vertx, Orders orders, String orderId) {
        return vertx.sharedData().getLockWithTimeout("order-" + orderId, 5_000).map(lock -> {
            try {
                long fence = LeaseholdVertx.fence(lock); // above every earlier holder's fence
                orders.markShipped(orderId, fence);       // the resource refuses a lower fence
                return fence;
            } finally {
                lock.release();                           // from the event loop too
            }
        });
    }
    // --- end
}
