package io.leasehold.vertx;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.SerializationConfig;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.LeaseholdSerializationFactory;
import io.leasehold.hazelcast.LeaseholdSettings;
import io.leasehold.hazelcast.MemberSettings;
import io.vertx.core.shareddata.Lock;

import java.time.Duration;
import java.util.Objects;

/**
 * Leasehold on a clustered Vert.x: what to apply to the member's {@code Config} before handing it to
 * {@code HazelcastClusterManager}, and the fence of a lock taken through {@code vertx.sharedData()}.
 *
 * <pre>{@code
 * Config config = LeaseholdVertx.apply(ConfigUtil.loadConfig());   // or your own Config
 * Vertx vertx = Vertx.builder().withClusterManager(new HazelcastClusterManager(config)).buildClustered()...;
 * vertx.sharedData().getLockWithTimeout("orders", 5_000)
 *     .onSuccess(lock -> { long fence = LeaseholdVertx.fence(lock); ... lock.release(); });
 * }</pre>
 *
 * <p>With this jar on the classpath the cluster manager loads {@link LeaseholdObjectProvider}; that
 * provider refuses to join a member whose {@code Config} lacks {@link #apply}. Every member of the
 * cluster needs the jar and the applied {@code Config}: a node running Vert.x's default provider would
 * lock with {@code IMap.tryLock}, which does not exclude Leasehold's holders.
 */
public final class LeaseholdVertx {

    /**
     * Member property: the TTL, in milliseconds, of the session lease each node's locks hang on (the
     * longest a crashed node's lock stays held). Unset: Leasehold's default (10 s).
     */
    public static final String SESSION_TTL_PROPERTY = "leasehold-vertx.session-ttl-ms";

    /** The map that holds the counters ({@code vertx.sharedData().getCounter}): name to value. */
    public static final String COUNTERS_MAP = "__leasehold.vertx.counters";

    private LeaseholdVertx() {
    }

    /**
     * Applies Leasehold (with default member settings, unless {@link LeaseholdConfig#apply} was applied
     * already, which is then left as it is) and the counters' map and serialization to {@code config}.
     * Applying it twice changes nothing more. Returns the same {@code Config}.
     */
    public static Config apply(Config config) {
        Objects.requireNonNull(config, "config");
        if (!hasFactory(config.getSerializationConfig(), LeaseholdSerializationFactory.FACTORY_ID)) {
            LeaseholdConfig.apply(config);
        }
        return applyCounters(config);
    }

    /**
     * Applies Leasehold with {@code settings} and the counters' map and serialization to {@code config}.
     *
     * @throws IllegalArgumentException if Leasehold was already applied to {@code config} (its settings
     *                                  are given once), changing nothing
     */
    public static Config apply(Config config, MemberSettings settings) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(settings, "settings");
        if (hasFactory(config.getSerializationConfig(), LeaseholdSerializationFactory.FACTORY_ID)) {
            throw new IllegalArgumentException("Leasehold is already applied to this Config (cluster '"
                    + config.getClusterName() + "'); give its member settings once: use apply(config) on it");
        }
        LeaseholdConfig.apply(config, settings);
        return applyCounters(config);
    }

    /**
     * Sets the TTL of each node's session lease ({@link #SESSION_TTL_PROPERTY}). Keep it above the
     * members' failure detection plus their promotion grace (see {@link LeaseholdConfig#apply}).
     * Returns the same {@code Config}.
     *
     * @throws IllegalArgumentException if {@code ttl} is not a TTL Leasehold accepts, changing nothing
     */
    public static Config sessionTtl(Config config, Duration ttl) {
        Objects.requireNonNull(config, "config");
        LeaseholdSettings.builder().sessionTtl(ttl); // checks it now, with Leasehold's message
        config.setProperty(SESSION_TTL_PROPERTY, Long.toString(ttl.toMillis()));
        return config;
    }

    /**
     * The fence of a lock obtained through {@code vertx.sharedData()} on a cluster with this provider:
     * greater than every fence handed out for that lock name before. Pass it to the resource the lock
     * protects, which keeps the highest fence it has seen and refuses lower ones.
     *
     * @throws IllegalArgumentException if {@code lock} was not obtained through Leasehold's provider (a
     *                                  local lock, or a cluster without this jar)
     */
    public static long fence(Lock lock) {
        return handle(lock).fence();
    }

    /**
     * Whether the holder of {@code lock} may still assume it holds it (see {@link LockHandle#isValid()}):
     * false once released, or once its node's session lease could not be kept alive.
     *
     * @throws IllegalArgumentException if {@code lock} was not obtained through Leasehold's provider
     */
    public static boolean isValid(Lock lock) {
        return handle(lock).isValid();
    }

    private static LockHandle handle(Lock lock) {
        Objects.requireNonNull(lock, "lock");
        if (lock instanceof FencedVertxLock fenced) {
            return fenced.handle();
        }
        throw new IllegalArgumentException("this lock (" + lock.getClass().getName() + ") was not obtained through"
                + " Leasehold's provider: it has no fence (a local lock, or a cluster without leasehold-vertx)");
    }

    /** The counters' serialization and map: backups and split-brain protection as Leasehold's leases have. */
    private static Config applyCounters(Config config) {
        SerializationConfig serialization = config.getSerializationConfig();
        if (!hasFactory(serialization, CounterSerializationFactory.FACTORY_ID)) {
            serialization.addDataSerializableFactory(CounterSerializationFactory.FACTORY_ID,
                    new CounterSerializationFactory());
        }
        if (config.getMapConfigOrNull(COUNTERS_MAP) == null) {
            MapConfig leases = config.getMapConfigOrNull(LeaseholdConfig.LEASES_MAP);
            MapConfig counters = new MapConfig(COUNTERS_MAP).setAsyncBackupCount(0);
            if (leases != null) {
                counters.setBackupCount(leases.getBackupCount())
                        .setSplitBrainProtectionName(leases.getSplitBrainProtectionName());
            }
            config.addMapConfig(counters);
        }
        return config;
    }

    static boolean hasFactory(SerializationConfig serialization, int factoryId) {
        return serialization.getDataSerializableFactories().containsKey(factoryId)
                || serialization.getDataSerializableFactoryClasses().containsKey(factoryId);
    }
}
