package io.leasehold.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.hazelcast.internal.LeaseholdSerialization;
import io.leasehold.hazelcast.internal.Maps;
import io.leasehold.hazelcast.internal.MemberHook;

import java.util.List;
import java.util.Objects;

/**
 * Leasehold's Hazelcast configuration.
 *
 * <pre>{@code
 * HazelcastInstance member = LeaseholdConfig.startLocalMember("my-cluster");   // one line, loopback
 * Config mine = LeaseholdConfig.apply(existingConfig);                          // or onto your own Config
 * }</pre>
 *
 * <p>The local configurations bind to 127.0.0.1, join by TCP-IP on 127.0.0.1 only, turn multicast
 * and auto-detection off, and turn Hazelcast's phone-home off: nothing leaves the machine.
 */
public final class LeaseholdConfig {

    /** Name of the split-brain protection the maps use when {@link MemberSettings#splitBrainQuorum()} is set. */
    public static final String SPLIT_BRAIN_PROTECTION = "leasehold-split-brain-protection";

    private static final int HANDOFF_NOTICE_TTL_SECONDS = 60;

    /** Ports a local member tries, from this one up. */
    public static final int BASE_PORT = 5701;
    private static final int PORT_COUNT = 20;

    private LeaseholdConfig() {
    }

    /** Applies Leasehold's maps, serialization and member service to {@code config}, with default settings. */
    public static Config apply(Config config) {
        return apply(config, MemberSettings.defaults());
    }

    /**
     * Applies Leasehold to a member's {@code Config}: the {@code leases} and {@code locks} maps with
     * synchronous backups, Leasehold's serialization factory, and the member service (expiry heap and
     * revoker). Returns the same {@code Config}.
     */
    public static Config apply(Config config, MemberSettings settings) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(settings, "settings");
        config.getSerializationConfig().addDataSerializableFactory(LeaseholdSerialization.FACTORY_ID,
                new LeaseholdSerialization());
        String protection = null;
        if (settings.splitBrainQuorum() > 0) {
            protection = SPLIT_BRAIN_PROTECTION;
            config.addSplitBrainProtectionConfig(
                    new SplitBrainProtectionConfig(protection, true, settings.splitBrainQuorum()));
        }
        for (String name : new String[] {Maps.LEASES, Maps.LOCKS, Maps.ELECTIONS}) {
            config.addMapConfig(new MapConfig(name)
                    .setBackupCount(settings.backupCount())
                    .setAsyncBackupCount(0)
                    .setInMemoryFormat(InMemoryFormat.BINARY)
                    .setStatisticsEnabled(true)
                    .setSplitBrainProtectionName(protection));
        }
        // Handoff notices are hints (a waiter also checks by itself); one per instance, dropped when idle.
        config.addMapConfig(new MapConfig(Maps.HANDOFFS)
                .setBackupCount(0)
                .setAsyncBackupCount(0)
                .setTimeToLiveSeconds(HANDOFF_NOTICE_TTL_SECONDS)
                .setSplitBrainProtectionName(protection));
        // From the wire, Java serialization may only make Leasehold's and the JDK's classes.
        if (config.getSerializationConfig().getJavaSerializationFilterConfig() == null) {
            config.getSerializationConfig().setJavaSerializationFilterConfig(new JavaSerializationFilterConfig()
                    .setDefaultsDisabled(false)
                    .setWhitelist(new ClassFilter().addPrefixes("io.leasehold.", "java.")));
        }
        config.addListenerConfig(new ListenerConfig(new MemberHook(settings)));
        return config;
    }

    /** Applies Leasehold's serialization to a client's {@code ClientConfig}. Returns the same config. */
    public static ClientConfig apply(ClientConfig config) {
        Objects.requireNonNull(config, "config");
        config.getSerializationConfig().addDataSerializableFactory(LeaseholdSerialization.FACTORY_ID,
                new LeaseholdSerialization());
        return config;
    }

    /** A loopback-only member configuration for the named cluster, with Leasehold applied. */
    public static Config localMemberConfig(String clusterName, MemberSettings settings) {
        return memberConfig(clusterName, BASE_PORT, List.of("127.0.0.1"), settings);
    }

    /**
     * A member configuration bound to 127.0.0.1 from {@code port} up, joining the given
     * {@code members} ("host" or "host:port") by TCP-IP, with Leasehold applied.
     */
    public static Config memberConfig(String clusterName, int port, List<String> members, MemberSettings settings) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 1..65535, got " + port);
        }
        Config config = new Config();
        config.setClusterName(requireName(clusterName));
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.join.seconds", "30");
        config.setProperty("hazelcast.graceful.shutdown.max.wait", "15");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(true).setPortCount(PORT_COUNT);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        network.getRestApiConfig().setEnabled(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(List.copyOf(members));
        return apply(config, settings);
    }

    /** A loopback-only client configuration for the named cluster, with Leasehold applied. */
    public static ClientConfig localClientConfig(String clusterName, String... addresses) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(requireName(clusterName));
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setInitialBackoffMillis(100).setMaxBackoffMillis(1_000);
        if (addresses.length == 0) {
            config.getNetworkConfig().addAddress("127.0.0.1:" + BASE_PORT, "127.0.0.1:" + (BASE_PORT + 1),
                    "127.0.0.1:" + (BASE_PORT + 2));
        } else {
            config.getNetworkConfig().addAddress(addresses);
        }
        return apply(config);
    }

    /** Starts an embedded member on loopback with Leasehold's configuration: the one-line start. */
    public static HazelcastInstance startLocalMember(String clusterName) {
        return startLocalMember(clusterName, MemberSettings.defaults());
    }

    /** Starts an embedded member on loopback with Leasehold's configuration and the given settings. */
    public static HazelcastInstance startLocalMember(String clusterName, MemberSettings settings) {
        return Hazelcast.newHazelcastInstance(localMemberConfig(clusterName, settings));
    }

    /** Starts a client to members on loopback, with Leasehold's serialization. */
    public static HazelcastInstance startLocalClient(String clusterName, String... addresses) {
        return HazelcastClient.newHazelcastClient(localClientConfig(clusterName, addresses));
    }

    private static String requireName(String clusterName) {
        Objects.requireNonNull(clusterName, "clusterName");
        if (clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName must not be blank");
        }
        return clusterName;
    }
}
