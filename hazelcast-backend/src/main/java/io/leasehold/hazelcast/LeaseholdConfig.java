package io.leasehold.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.hazelcast.internal.core.Maps;
import io.leasehold.hazelcast.internal.member.MemberHook;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.member.WireFilter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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

    /**
     * Name of the split-brain protection the maps use when {@link MemberSettings#effectiveSplitBrainQuorum()}
     * is above 0. A configuration that already declares a protection of this name keeps its own.
     */
    /** The map of lease records ({@code leaseId -> record}), for tools that size or watch it. */
    public static final String LEASES_MAP = Maps.LEASES;

    /** The map of lock records ({@code lockName -> record}), for tools that size or watch it. */
    public static final String LOCKS_MAP = Maps.LOCKS;
    /** The map of semaphores and read-write locks. */
    public static final String HOLDS_MAP = Maps.HOLDS;

    public static final String SPLIT_BRAIN_PROTECTION = "leasehold-split-brain-protection";

    /** Calls whose backups did not acknowledge fail rather than report a success a crash could undo. */
    public static final String FAIL_ON_INDETERMINATE_STATE = "hazelcast.operation.fail.on.indeterminate.state";

    /**
     * How long a smart client's call waits for its backups' acknowledgements (a smart client collects
     * them itself). With {@link #CLIENT_FAIL_ON_INDETERMINATE_STATE} on, a call whose backup member
     * died waits out this timeout, then fails, and Leasehold retries it with the same id: this is how
     * long a member's death stalls the calls that were in flight. Measured in {@code MemberKillTest}:
     * with Hazelcast's default, 5 s, every contended lock stalled 3.9 s after a kill; with 2 s,
     * 1.5-1.6 s. A backup slower than that makes a Leasehold call retry, which is safe, and makes the
     * client's own map calls fail as indeterminate. Members keep Hazelcast's 5 s
     * ({@code hazelcast.operation.backup.timeout.millis}): at 2 s a member's first writes to a new
     * cluster failed on a loaded machine.
     */
    public static final String CLIENT_BACKUP_TIMEOUT = "hazelcast.client.operation.backup.timeout.millis";
    private static final String BACKUP_TIMEOUT_MILLIS = "2000";
    /** A member does not finish starting until this many members have joined. */
    public static final String INITIAL_MIN_CLUSTER_SIZE = "hazelcast.initial.min.cluster.size";

    /**
     * The failure detection of the local configurations: a heartbeat every second, a member with
     * no heartbeat for 5 s is removed. Keep session TTLs above 5 s + the promotion grace.
     */
    public static final Map<String, String> HEARTBEAT_PROPERTIES = Map.of(
            "hazelcast.heartbeat.interval.seconds", "1",
            "hazelcast.max.no.heartbeat.seconds", "5");

    /** Ports a local member tries, from this one up. */
    public static final int BASE_PORT = 5701;
    /** How many ports from the first one a member may bind; its TCP-IP peers list all of them. */
    public static final int PORT_COUNT = 20;

    private LeaseholdConfig() {
    }

    /** Applies Leasehold's maps, serialization and member service to {@code config}, with default settings. */
    public static Config apply(Config config) {
        return apply(config, MemberSettings.defaults());
    }

    /**
     * Applies Leasehold to a member's {@code Config}: the {@code leases} and {@code locks} maps with
     * synchronous backups, split-brain protection and Leasehold's merge policies, Leasehold's
     * serialization factory, the member service (expiry heap and revoker), Leasehold's
     * Java-serialization filter only when {@link MemberSettings#javaSerializationFilter()} asks for
     * it (see {@link #applyWireFilter}; the member's serialization policy is otherwise left as it
     * is), and, unless the config already sets them:
     * <ul>
     *   <li>{@code hazelcast.operation.fail.on.indeterminate.state=true}: a call whose backups did not
     *       acknowledge fails instead of reporting a success a crash of the primary could take back;</li>
     *   <li>{@code hazelcast.initial.min.cluster.size} = {@link MemberSettings#expectedMembers()} when
     *       given: a member does not finish starting until that many members have joined.</li>
     * </ul>
     *
     * <p><b>Failure detection and the session TTL.</b> A member that dies silently is noticed after
     * {@code hazelcast.max.no.heartbeat.seconds} (Hazelcast's default: 60 s); until then the leases
     * it owns cannot be renewed. Keep every session/lease TTL above detection time plus
     * {@link MemberSettings#promotionGrace()} (TTL &gt; max.no.heartbeat + grace), or holders alive
     * and renewing can lose their leases during a member failure. The local configurations
     * ({@link #localMemberConfig}, {@link #memberConfig}) set a 1 s heartbeat and 5 s detection, so
     * the default 10 s session TTL is above 5 s + 2 s. {@code apply} leaves your heartbeat settings
     * as they are: set {@code hazelcast.heartbeat.interval.seconds} and
     * {@code hazelcast.max.no.heartbeat.seconds} yourself (see {@link #HEARTBEAT_PROPERTIES}).
     *
     * <p><b>A step of a member's wall clock.</b> Hazelcast ignores a heartbeat stamped more than half
     * of {@code max.no.heartbeat} in the receiver's past, so a step of the master's clock back, or of
     * another member's forward, by more than that (2.5 s at 5 s detection) removes a healthy member.
     * Lengthening detection to cover a 30 s step would break the TTL rule above; run every member's
     * JVM with {@code -Dcom.hazelcast.clock.impl=io.leasehold.hazelcast.SteadyClock} instead
     * ({@link SteadyClock}: Hazelcast's time then never steps, and detection stays fast). The
     * standalone server and the demo set the flag for their own JVMs; a member on Hazelcast's own
     * clock with detection under 60 s logs one WARN saying so when it starts.
     *
     * <p>Returns the same {@code Config}.
     */
    public static Config apply(Config config, MemberSettings settings) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(settings, "settings");
        if (!hasLeaseholdFactory(config)) {
            config.getSerializationConfig().addDataSerializableFactory(SerializationIds.FACTORY_ID,
                    new LeaseholdSerializationFactory());
        }
        setIfUnset(config, FAIL_ON_INDETERMINATE_STATE, "true");
        if (settings.expectedMembers() > 0) {
            setIfUnset(config, INITIAL_MIN_CLUSTER_SIZE, Integer.toString(settings.expectedMembers()));
        }
        LeaseholdMaps.apply(config, settings);
        if (settings.javaSerializationFilter()) {
            applyWireFilter(config);
        }
        config.addListenerConfig(new ListenerConfig(new MemberHook(settings)));
        return config;
    }

    /**
     * Sets Leasehold's Java-serialization filter on a member that Leasehold owns, merged with the
     * filter {@code config} already has. {@link #apply} calls it only when
     * {@link MemberSettings.Builder#javaSerializationFilter(boolean)} asks for it; the standalone
     * server and the demo do. Leasehold itself sends nothing through Java serialization, so the
     * filter is for members that hold nothing else: it refuses the Java-serialized values a user's
     * own maps may hold (an {@code AtomicLong}, a user's {@code Serializable} class).
     *
     * <p>The filter admits Hazelcast's and Leasehold's classes, every {@code Throwable} (so error
     * responses such as {@code IMap.unlock}'s {@code IllegalMonitorStateException} or an exception
     * from an entry processor always reach their caller) and the parts of a {@code Throwable}'s serial
     * form; it refuses every other class, so a deserialization gadget built of JDK collections is
     * refused before it is made. Refusals are logged at WARN, naming the class.
     *
     * <p>With a filter already configured the two are merged: the result refuses what the configured
     * filter refuses (its deny list wins, even over a {@code Throwable}) and admits what it admits (its
     * allow list, and Hazelcast's default allow list if its defaults are on) plus the classes above.
     * It never narrows the configured filter; when that filter admits JDK collections (defaults on,
     * or no allow list) a WARN line says so. Applying it twice changes nothing more.
     *
     * <p>Returns the same {@code Config}.
     */
    public static Config applyWireFilter(Config config) {
        Objects.requireNonNull(config, "config");
        config.getSerializationConfig().setJavaSerializationFilterConfig(
                WireFilter.merge(config.getSerializationConfig().getJavaSerializationFilterConfig()));
        return config;
    }

    /** True if {@code config} carries Leasehold's Java-serialization filter (set by {@link #applyWireFilter}). */
    public static boolean hasWireFilter(Config config) {
        return WireFilter.isApplied(config.getSerializationConfig().getJavaSerializationFilterConfig());
    }

    static boolean hasLeaseholdFactory(Config config) {
        return config.getSerializationConfig().getDataSerializableFactories().containsKey(SerializationIds.FACTORY_ID)
                || config.getSerializationConfig().getDataSerializableFactoryClasses().containsKey(SerializationIds.FACTORY_ID);
    }

    private static void setIfUnset(Config config, String name, String value) {
        if (config.getProperty(name) == null && System.getProperty(name) == null) {
            config.setProperty(name, value);
        }
    }

    private static final String CLIENT_INVOCATION_TIMEOUT = "hazelcast.client.invocation.timeout.seconds";
    /**
     * The client's own switch for calls whose backups did not acknowledge. A smart client collects
     * the backup acknowledgements itself, so the members' {@link #FAIL_ON_INDETERMINATE_STATE} does
     * not cover its calls: without this one, a client takes the primary's answer after
     * {@code hazelcast.client.operation.backup.timeout.millis} as a success that a crash of the
     * primary could take back.
     */
    public static final String CLIENT_FAIL_ON_INDETERMINATE_STATE = "hazelcast.client.operation.fail.on.indeterminate.state";

    /**
     * Applies Leasehold to a client's {@code ClientConfig}: its serialization, and, unless set:
     * <ul>
     *   <li>an invocation timeout of 5 s (a call the client cannot deliver then fails in 5 s, not
     *       Hazelcast's 120 s, and Leasehold retries it with the same id);</li>
     *   <li>{@value #CLIENT_FAIL_ON_INDETERMINATE_STATE}{@code =true}: a call whose backups did not
     *       acknowledge fails, and Leasehold retries it with the same id, instead of taking the
     *       primary's answer as a success (see {@link #CLIENT_FAIL_ON_INDETERMINATE_STATE}).</li>
     *   <li>{@value #CLIENT_BACKUP_TIMEOUT}{@code =2000}: how long a call in flight when a member dies
     *       waits for that member's backup acknowledgement before it is retried (see {@link #CLIENT_BACKUP_TIMEOUT}).</li>
     * </ul>
     * Returns the same config.
     */
    public static ClientConfig apply(ClientConfig config) {
        Objects.requireNonNull(config, "config");
        // A call the client cannot deliver (cut off from the cluster) fails after 5 s instead of
        // Hazelcast's 120 s, so Leasehold's retries with the same id, and its settling, get their turn.
        if (config.getProperty(CLIENT_INVOCATION_TIMEOUT) == null) {
            config.setProperty(CLIENT_INVOCATION_TIMEOUT, "5");
        }
        if (config.getProperty(CLIENT_FAIL_ON_INDETERMINATE_STATE) == null
                && System.getProperty(CLIENT_FAIL_ON_INDETERMINATE_STATE) == null) {
            config.setProperty(CLIENT_FAIL_ON_INDETERMINATE_STATE, "true");
        }
        if (config.getProperty(CLIENT_BACKUP_TIMEOUT) == null && System.getProperty(CLIENT_BACKUP_TIMEOUT) == null) {
            config.setProperty(CLIENT_BACKUP_TIMEOUT, BACKUP_TIMEOUT_MILLIS);
        }
        if (!config.getSerializationConfig().getDataSerializableFactories().containsKey(SerializationIds.FACTORY_ID)
                && !config.getSerializationConfig().getDataSerializableFactoryClasses()
                .containsKey(SerializationIds.FACTORY_ID)) {
            config.getSerializationConfig().addDataSerializableFactory(SerializationIds.FACTORY_ID,
                    new LeaseholdSerializationFactory());
        }
        return config;
    }

    /**
     * A loopback-only member configuration for the named cluster, with Leasehold applied. It binds
     * the first free port of 5701..5720 and lists every one of those ports as a TCP-IP peer, so
     * members find each other whichever ports they got.
     */
    public static Config localMemberConfig(String clusterName, MemberSettings settings) {
        return memberConfig(clusterName, BASE_PORT, List.of("127.0.0.1"), settings);
    }

    /**
     * A member configuration bound to 127.0.0.1 from {@code port} up ({@value #PORT_COUNT} ports),
     * joining the given {@code members} by TCP-IP, with Leasehold applied. A member given as
     * "host" without a port is listed with every port of the range ({@code host:port} ..
     * {@code host:port+19}), so peers that had to bind a higher port are still found; "host:port"
     * is listed as given. Sets a 1 s heartbeat and 5 s failure detection (see {@link #apply}).
     */
    public static Config memberConfig(String clusterName, int port, List<String> members, MemberSettings settings) {
        if (port < 1 || port > 65_535 - PORT_COUNT) {
            throw new IllegalArgumentException("port must be in 1.." + (65_535 - PORT_COUNT) + ", got " + port);
        }
        Objects.requireNonNull(members, "members");
        Config config = new Config();
        config.setClusterName(requireName(clusterName));
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.max.join.seconds", "30");
        config.setProperty("hazelcast.graceful.shutdown.max.wait", "15");
        HEARTBEAT_PROPERTIES.forEach(config::setProperty);
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(true).setPortCount(PORT_COUNT);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        network.getRestApiConfig().setEnabled(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(peers(members, port));
        return apply(config, settings);
    }

    /** Each "host" becomes host:port .. host:port+PORT_COUNT-1; "host:port" stays as it is. */
    static List<String> peers(List<String> members, int port) {
        List<String> out = new ArrayList<>();
        for (String m : members) {
            String member = Objects.requireNonNull(m, "member").trim();
            if (member.isEmpty()) {
                throw new IllegalArgumentException("a TCP-IP member must not be blank");
            }
            boolean hasPort = member.startsWith("[") ? member.contains("]:") : member.indexOf(':') > 0
                    && member.indexOf(':') == member.lastIndexOf(':');
            if (hasPort) {
                out.add(member);
            } else {
                for (int p = port; p < port + PORT_COUNT; p++) {
                    out.add(member + ":" + p);
                }
            }
        }
        return out;
    }

    /**
     * Waits until {@code member} sees exactly {@code expected} members in its cluster, and returns
     * that size.
     *
     * @throws ClusterFormationException when after {@code timeout} it sees another number: the
     *         message says what it sees and the likely cause (another process holding some of the
     *         member ports, a different cluster name, a firewall)
     */
    public static int awaitClusterSize(HazelcastInstance member, int expected, Duration timeout) {
        Objects.requireNonNull(member, "member");
        Objects.requireNonNull(timeout, "timeout");
        if (expected < 1) {
            throw new IllegalArgumentException("expected cluster size must be at least 1, got " + expected);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int size = member.getCluster().getMembers().size();
            if (size == expected) {
                return size;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new ClusterFormationException(ClusterFormation.problem(member, expected, timeout));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            if (Thread.currentThread().isInterrupted()) {
                throw new ClusterFormationException("interrupted while waiting for " + expected
                        + " members: " + ClusterFormation.problem(member, expected, timeout));
            }
        }
    }

    /**
     * A loopback-only client configuration for the named cluster, with Leasehold applied, connecting
     * to the given addresses, or with none given to 127.0.0.1:5701..5720.
     */
    public static ClientConfig localClientConfig(String clusterName, String... addresses) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(requireName(clusterName));
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setInitialBackoffMillis(100).setMaxBackoffMillis(1_000);
        if (addresses.length == 0) {
            // Every port a local member may bind: members pushed past 5703 by another process are found too.
            for (int p = BASE_PORT; p < BASE_PORT + PORT_COUNT; p++) {
                config.getNetworkConfig().addAddress("127.0.0.1:" + p);
            }
        } else {
            config.getNetworkConfig().addAddress(addresses);
        }
        return apply(config);
    }

    /**
     * Starts an embedded member on loopback with Leasehold's configuration: the one-line start. The
     * member is the application's as much as Leasehold's (its own maps live on it too), so it gets no
     * Java-serialization filter; ask for one with
     * {@code MemberSettings.builder().javaSerializationFilter(true)}.
     */
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
