package io.leasehold.resolver.client;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The Leasehold instance of a build: a Hazelcast client started from Hazelcast's standard client
 * configuration lookup ({@link ClientConfig#load()}: the file named by {@code hazelcast.client.config},
 * else {@code hazelcast-client.xml}/{@code .yaml} in the working directory, then on the classpath), with
 * the build's {@link ClientSettings} over it and Leasehold applied, and a Leasehold instance on it.
 * Started on the first {@link #get()}, so a build that never locks never connects; {@link #close()}
 * closes both.
 */
public final class HazelcastClientLeasehold implements Supplier<Leasehold> {

    private static final Logger LOG = LoggerFactory.getLogger(HazelcastClientLeasehold.class);

    private final ClientSettings settings;
    private HazelcastInstance client;
    private Leasehold leasehold;
    private boolean closed;

    /** A client with {@code settings}, not started yet. */
    public HazelcastClientLeasehold(ClientSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Settings from the system properties, read now, so a bad value fails before anything is started. */
    public static HazelcastClientLeasehold fromSystemProperties() {
        return new HazelcastClientLeasehold(ClientSettings.from(System.getProperties()));
    }

    /** The Leasehold instance, starting the client on the first call. */
    @Override
    public synchronized Leasehold get() {
        if (closed) {
            throw new IllegalStateException("the Leasehold named lock factory is shut down");
        }
        if (leasehold == null) {
            ClientConfig config = LeaseholdConfig.apply(settings.applyTo(ClientConfig.load()));
            HazelcastInstance started;
            try {
                started = HazelcastClient.newHazelcastClient(config);
            } catch (IllegalStateException e) {
                throw new IllegalStateException("Leasehold named locks: cannot connect to cluster '" + config.getClusterName()
                        + "' at " + config.getNetworkConfig().getAddresses() + " (set " + ClientSettings.MEMBERS + " and "
                        + ClientSettings.CLUSTER_NAME + ", or name a client configuration with hazelcast.client.config)", e);
            }
            try {
                leasehold = HazelcastLeasehold.create(started, settings.leasehold());
            } catch (RuntimeException e) {
                started.shutdown();
                throw e;
            }
            client = started;
            LOG.info("Leasehold named locks: connected to cluster '{}' at {} as a client, session TTL {}",
                    config.getClusterName(), config.getNetworkConfig().getAddresses(),
                    settings.leasehold().sessionTtl());
        }
        return leasehold;
    }

    /** Closes the Leasehold instance (its session lease ends, freeing what it held) and the client. Idempotent. */
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (leasehold != null) {
            try {
                leasehold.close();
            } finally {
                client.shutdown();
            }
        }
    }
}
