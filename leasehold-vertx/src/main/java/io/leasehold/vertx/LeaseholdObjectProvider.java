package io.leasehold.vertx;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdSerializationFactory;
import io.leasehold.hazelcast.LeaseholdSettings;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.shareddata.Counter;
import io.vertx.core.shareddata.Lock;
import io.vertx.spi.cluster.hazelcast.impl.ConversionUtils;
import io.vertx.spi.cluster.hazelcast.impl.HazelcastObjectProviderImpl;
import io.vertx.spi.cluster.hazelcast.spi.HazelcastObjectProvider;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * The objects a clustered Vert.x gets from {@code HazelcastClusterManager}, with Leasehold's locks: found
 * through {@link java.util.ServiceLoader} ({@code META-INF/services}), so the jar on the classpath is all
 * it takes besides {@link LeaseholdVertx#apply}.
 *
 * <ul>
 *   <li><b>Locks</b>: {@code getLockWithTimeout} is {@code leasehold.lock(name).tryLock(timeout)} on the
 *       node's Leasehold instance, the same lock as {@code leasehold.lock(name)} anywhere on the cluster.
 *       The cluster manager calls it on a worker thread (it blocks while it waits); the returned lock is
 *       released from any thread through the cluster manager's release executor. Each hold hangs on the
 *       node's session lease: a node that leaves ({@code vertx.close()}, or its member shutting down)
 *       revokes it, freeing its locks at once ({@link NodeLeave}); a node that dies frees them when the
 *       lease runs out ({@link LeaseholdVertx#SESSION_TTL_PROPERTY}). Every hold has a
 *       fence ({@link LeaseholdVertx#fence}).</li>
 *   <li><b>Counters</b>: {@link ClusterCounter}, an entry-processor counter in
 *       {@link LeaseholdVertx#COUNTERS_MAP} (open-source Hazelcast has no {@code IAtomicLong} outside
 *       the CP subsystem).</li>
 *   <li><b>Maps</b>: Vert.x's own ({@link HazelcastObjectProviderImpl}), unchanged.</li>
 * </ul>
 */
public final class LeaseholdObjectProvider implements HazelcastObjectProvider {

    /** The member attribute where the cluster manager keeps the Vert.x node id. */
    private static final String NODE_ID_ATTRIBUTE = "__vertx.nodeId";

    private final HazelcastObjectProviderImpl maps = new HazelcastObjectProviderImpl();
    private volatile Joined joined;

    /** What this node has once it joined the cluster. */
    private record Joined(Vertx vertx, Leasehold leasehold, NodeLeave leave, IMap<String, Long> counters,
                          ExecutorService releases) {
    }

    /** Made by {@link java.util.ServiceLoader}. */
    public LeaseholdObjectProvider() {
    }

    @Override
    public void onJoin(VertxInternal vertx, ConversionUtils conversionUtils, HazelcastInstance hazelcast,
                       ExecutorService lockReleaseExec) {
        Config config = hazelcast.getConfig();
        requireApplied(config);
        maps.onJoin(vertx, conversionUtils, hazelcast, lockReleaseExec);
        Leasehold leasehold = HazelcastLeasehold.create(hazelcast, settings(config, hazelcast));
        NodeLeave leave = new NodeLeave(leasehold, HazelcastLeasehold.admin(hazelcast));
        hazelcast.getLifecycleService().addLifecycleListener(leave);
        Joined previous = joined;
        joined = new Joined(vertx, leasehold, leave, hazelcast.getMap(LeaseholdVertx.COUNTERS_MAP), lockReleaseExec);
        if (previous != null) {
            previous.leave().leave();
        }
    }

    @Override
    public <K, V> AsyncMap<K, V> getAsyncMap(String name) {
        return maps.getAsyncMap(name);
    }

    @Override
    public <K, V> Map<K, V> getSyncMap(String name) {
        return maps.getSyncMap(name);
    }

    /**
     * Waits up to {@code timeout} ms for the lock. Blocks: the cluster manager calls it on a worker thread.
     *
     * @throws VertxException           when the wait times out or is interrupted (the lock is not held)
     * @throws IllegalArgumentException if {@code timeout} is negative or {@code name} is not a valid lock name
     */
    @Override
    public Lock getLockWithTimeout(String name, long timeout) {
        Joined node = joined();
        if (timeout < 0) {
            throw new IllegalArgumentException("lock '" + name + "': the timeout must not be negative, got "
                    + timeout + " ms");
        }
        Optional<LockHandle> handle;
        try {
            handle = node.leasehold().lock(name).tryLock(Duration.ofMillis(timeout));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VertxException("Interrupted while waiting to get lock " + name, true);
        }
        return handle.<Lock>map(h -> new FencedVertxLock(node.leave().held(h), node.releases()))
                .orElseThrow(() -> new VertxException("Timed out waiting to get lock " + name, true));
    }

    /** Cheap, no call to the cluster: the cluster manager may call it on an event loop. A new counter reads 0. */
    @Override
    public Counter createCounter(String name) {
        Joined node = joined();
        return new ClusterCounter(node.vertx(), node.counters(), name);
    }

    private Joined joined() {
        Joined node = joined;
        if (node == null) {
            throw new IllegalStateException("Leasehold's Vert.x provider has not joined a cluster yet");
        }
        return node;
    }

    static void requireApplied(Config config) {
        boolean leasehold = LeaseholdVertx.hasFactory(config.getSerializationConfig(), LeaseholdSerializationFactory.FACTORY_ID);
        boolean counters = LeaseholdVertx.hasFactory(config.getSerializationConfig(), CounterSerializationFactory.FACTORY_ID);
        if (!leasehold || !counters) {
            throw new IllegalStateException("leasehold-vertx is on the classpath, but the Hazelcast member of cluster '"
                    + config.getClusterName() + "' was started without " + (leasehold ? "the counters' serialization"
                    : "Leasehold") + ": apply LeaseholdVertx.apply(config) to the Config given to"
                    + " HazelcastClusterManager (in a file: data-serializable-factories "
                    + LeaseholdSerializationFactory.FACTORY_ID + " = " + LeaseholdSerializationFactory.class.getName()
                    + " and " + CounterSerializationFactory.FACTORY_ID + " = " + CounterSerializationFactory.class.getName()
                    + ", and the listener io.leasehold.hazelcast.LeaseholdMemberHook)");
        }
    }

    /** The node's session TTL from {@link LeaseholdVertx#SESSION_TTL_PROPERTY}, and its Vert.x node id as holder name. */
    static LeaseholdSettings settings(Config config, HazelcastInstance hazelcast) {
        LeaseholdSettings.Builder settings = LeaseholdSettings.builder();
        String ttl = config.getProperty(LeaseholdVertx.SESSION_TTL_PROPERTY);
        if (ttl == null) {
            ttl = System.getProperty(LeaseholdVertx.SESSION_TTL_PROPERTY);
        }
        if (ttl != null) {
            try {
                settings.sessionTtl(Duration.ofMillis(Long.parseLong(ttl.strip())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(LeaseholdVertx.SESSION_TTL_PROPERTY
                        + " must be a number of milliseconds, got '" + ttl + "'", e);
            }
        }
        String nodeId = hazelcast.getCluster().getLocalMember().getAttribute(NODE_ID_ATTRIBUTE);
        if (nodeId != null && !nodeId.isBlank()) {
            settings.holderName("vertx " + nodeId);
        }
        return settings.build();
    }
}
