package io.leasehold.server;

import io.leasehold.hazelcast.SteadyClock;

import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.leasehold.hazelcast.ClusterFormationException;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.LeaseholdMemberHook;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.persistence.JdbcPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * A standalone Leasehold member: Hazelcast with Leasehold's maps, serialization and revoker. Either
 * from flags (bound to one address, joining its peers by TCP-IP), or from a Hazelcast configuration
 * file ({@code --hazelcast-config hazelcast.yaml}, XML or YAML) to which Leasehold is applied with
 * the member settings of its {@code leasehold.*} properties. Flags may also come from a properties
 * file ({@code --config FILE}, keys named like the long flags without dashes, e.g. {@code port=5702});
 * flags win over the file. SIGTERM shuts the member down gracefully (its partitions migrate first).
 *
 * <pre>
 * java -jar leasehold-server/target/leasehold-server.jar --cluster-name prod-locks --port 5701 --expected-members 3
 * java -jar leasehold-server/target/leasehold-server.jar --hazelcast-config /etc/leasehold/hazelcast.yaml
 * </pre>
 *
 * <p>It logs the address it listens on and the size of the cluster it joined; with
 * {@code --expected-members N} it refuses to run (exit code 3) on a cluster of another size.
 */
@Command(name = "leasehold-server", mixinStandardHelpOptions = true,
        description = "Runs a standalone Leasehold member.")
public final class LeaseholdServer implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseholdServer.class);

    /** Exit code when the member started but is not in a cluster of the expected size. */
    public static final int WRONG_CLUSTER_SIZE = 3;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with the settings below.")
    Path configFile;

    @Option(names = "--hazelcast-config", paramLabel = "FILE",
            description = "Hazelcast configuration (hazelcast.xml or hazelcast.yaml); Leasehold's member settings"
                    + " come from its leasehold.* properties. Excludes the network and member-setting flags.")
    Path hazelcastConfig;

    @Option(names = "--cluster-name", description = "Cluster name (default leasehold).")
    String clusterName;

    @Option(names = "--bind", description = "Address to bind (default 127.0.0.1).")
    String bind;

    @Option(names = "--port", description = "First port to try; the member may bind this one and the 19 above (default 5701).")
    Integer port;

    @Option(names = "--members", split = ",",
            description = "Peers to join, host (every port of the range) or host:port, comma separated (default: the bind address).")
    List<String> members;

    @Option(names = "--expected-members",
            description = "Members the cluster must have: wait for them at start, refuse to run on another size,"
                    + " majority split-brain protection from 3 (default: not checked).")
    Integer expectedMembers;

    @Option(names = "--split-brain-protection", arity = "1",
            description = "Majority split-brain protection when --expected-members is 3 or more (default true).")
    Boolean splitBrainProtection;

    @Option(names = "--backup-count", description = "Synchronous backups (default 1).")
    Integer backupCount;

    @Option(names = "--split-brain-quorum",
            description = "Fewest members a side must see to serve; default a majority of --expected-members.")
    Integer splitBrainQuorum;

    @Option(names = "--revoke-rate", description = "Lease revocations per second per member, at most (default 100000).")
    Integer revokeRate;

    @Option(names = "--min-ttl-ms", description = "Minimum lease TTL in ms; a shorter one is refused (default 1).")
    Long minTtlMillis;

    @Option(names = "--max-ttl-ms", description = "Maximum lease TTL (default 86400000).")
    Long maxTtlMillis;

    @Option(names = "--formation-timeout-s", description = "How long to wait for the expected members (default 120).")
    Integer formationTimeoutSeconds;

    @Option(names = "--persistence-url", paramLabel = "JDBC_URL",
            description = "Keep leases, locks and fences in this database too, so they survive a restart of the whole"
                    + " cluster: jdbc:h2:file:PATH (embedded) or jdbc:postgresql://HOST/DB (default: memory only).")
    String persistenceUrl;

    @Option(names = "--persistence-user", description = "The database user of --persistence-url.")
    String persistenceUser;

    @Option(names = "--persistence-password", description = "The database password of --persistence-url.")
    String persistencePassword;

    private volatile HazelcastInstance member;

    public static void main(String[] args) {
        SteadyClock.installUnlessSet(); // before anything reads Hazelcast's clock
        System.exit(run(args));
    }

    /** Parses the arguments (file first, then flags), starts the member and blocks until it stops. */
    public static int run(String... args) {
        CommandLine cli = commandLine(new LeaseholdServer())
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    command.getErr().println("leasehold-server: " + e.getMessage());
                    return e instanceof ClusterFormationException ? WRONG_CLUSTER_SIZE : 2;
                });
        try {
            return cli.execute(withConfigFile(args));
        } catch (IOException | IllegalArgumentException e) {
            cli.getErr().println("leasehold-server: " + e.getMessage());
            return 2;
        }
    }

    /** The settings the arguments describe, without starting anything. */
    static LeaseholdServer parse(String... args) throws IOException {
        LeaseholdServer server = new LeaseholdServer();
        commandLine(server).parseArgs(withConfigFile(args));
        return server;
    }

    private static CommandLine commandLine(LeaseholdServer server) {
        // Settings from the file come first and flags after them: the later value wins.
        return new CommandLine(server).setOverwrittenOptionsAllowed(true);
    }

    @Override
    public Integer call() throws InterruptedException {
        HazelcastInstance started = start();
        CountDownLatch stopped = new CountDownLatch(1);
        started.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                stopped.countDown();
            }
        });
        if (!started.getLifecycleService().isRunning()) {
            stopped.countDown();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopOnSignal(started), "leasehold-server-shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * SIGTERM or SIGINT: stops the member gracefully (its partitions migrate to the others first) and
     * ends the process with 0, since a clean stop is not a failure; the JVM would otherwise report the
     * signal (143 for SIGTERM). A member that had already stopped leaves the exit code to {@link #main}.
     */
    private static void stopOnSignal(HazelcastInstance member) {
        if (!member.getLifecycleService().isRunning()) {
            return;
        }
        LOG.info("Leasehold member stopping: migrating its partitions to the others");
        int code = 0;
        try {
            member.shutdown();
            LOG.info("Leasehold member stopped");
        } catch (RuntimeException e) {
            LOG.error("Leasehold member did not stop cleanly", e);
            code = 1;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(code);
    }

    /**
     * Starts the member the settings describe, logs where it listens and the cluster size it got,
     * and with an expected size checks it.
     *
     * @throws ClusterFormationException (after stopping the member) when the cluster has another size
     */
    HazelcastInstance start() {
        Config config = config();
        int expected = expectedSize(config);
        HazelcastInstance hz;
        try {
            hz = Hazelcast.newHazelcastInstance(config);
        } catch (RuntimeException e) {
            closeStore(config);
            throw e;
        }
        member = hz;
        hz.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                closeStore(config);
            }
        });
        var address = hz.getCluster().getLocalMember().getAddress();
        int size = hz.getCluster().getMembers().size();
        LOG.info("Leasehold member listening on {}:{} in cluster '{}' ({} {}; Hazelcast's clock: {})", address.getHost(),
                address.getPort(), hz.getConfig().getClusterName(), size, size == 1 ? "member" : "members",
                SteadyClock.isHazelcastClock() ? "steady" : "the wall clock as it is");
        if (expected > 0) {
            try {
                LeaseholdConfig.awaitClusterSize(hz, expected,
                        Duration.ofSeconds(formationTimeoutSeconds == null ? 120 : formationTimeoutSeconds));
            } catch (ClusterFormationException e) {
                LOG.error("{}", e.getMessage());
                hz.getLifecycleService().terminate();
                throw e;
            }
            LOG.info("Leasehold cluster '{}' formed: {} members, as expected", hz.getConfig().getClusterName(), expected);
        }
        return hz;
    }

    /** The member's configuration: from the Hazelcast file, or from the flags. */
    Config config() {
        if (hazelcastConfig != null) {
            return fileConfig();
        }
        // A standalone member holds nothing but Leasehold's maps: it refuses Java-serialized classes
        // other than Hazelcast's, Leasehold's and exceptions.
        MemberSettings.Builder b = MemberSettings.builder().javaSerializationFilter(true);
        if (backupCount != null) {
            b.backupCount(backupCount);
        }
        if (splitBrainQuorum != null && splitBrainQuorum > 0) {
            b.splitBrainQuorum(splitBrainQuorum);
        }
        if (splitBrainProtection != null) {
            b.splitBrainProtection(splitBrainProtection);
        }
        if (expectedMembers != null) {
            b.expectedMembers(expectedMembers);
        }
        if (revokeRate != null) {
            b.revokeRatePerSecond(revokeRate);
        }
        if (minTtlMillis != null) {
            b.minTtl(Duration.ofMillis(minTtlMillis));
        }
        if (maxTtlMillis != null) {
            b.maxTtl(Duration.ofMillis(maxTtlMillis));
        }
        b.build();   // every setting checked before the database is opened
        if (persistenceUrl != null) {
            b.persistence(JdbcPersistence.open(persistenceUrl, persistenceUser, persistencePassword));
        } else if (persistenceUser != null || persistencePassword != null) {
            throw new IllegalArgumentException("--persistence-user and --persistence-password need --persistence-url");
        }
        MemberSettings settings = b.build();
        String address = bind == null ? "127.0.0.1" : bind;
        Config config = LeaseholdConfig.memberConfig(clusterName == null ? "leasehold" : clusterName,
                port == null ? LeaseholdConfig.BASE_PORT : port, members == null ? List.of(address) : members, settings);
        config.getNetworkConfig().getInterfaces().setInterfaces(List.of(address));
        config.setProperty("hazelcast.local.localAddress", address);
        // Our own hook instead of Hazelcast's: SIGTERM migrates this member's partitions away first.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        return config;
    }

    /** The store this server opened for its member (from a flag or the file's property), closed with it. */
    private static void closeStore(Config config) {
        config.getMapConfigs().values().stream()
                .map(map -> map.getMapStoreConfig() == null ? null : map.getMapStoreConfig().getFactoryImplementation())
                .filter(JdbcPersistence.class::isInstance).map(JdbcPersistence.class::cast)
                .distinct().forEach(JdbcPersistence::close);
    }

        private Config fileConfig() {
        List<String> conflicting = new ArrayList<>();
        if (clusterName != null) conflicting.add("--cluster-name");
        if (bind != null) conflicting.add("--bind");
        if (port != null) conflicting.add("--port");
        if (members != null) conflicting.add("--members");
        if (backupCount != null) conflicting.add("--backup-count");
        if (splitBrainQuorum != null) conflicting.add("--split-brain-quorum");
        if (splitBrainProtection != null) conflicting.add("--split-brain-protection");
        if (revokeRate != null) conflicting.add("--revoke-rate");
        if (minTtlMillis != null) conflicting.add("--min-ttl-ms");
        if (maxTtlMillis != null) conflicting.add("--max-ttl-ms");
        if (persistenceUrl != null) conflicting.add("--persistence-url");
        if (persistenceUser != null) conflicting.add("--persistence-user");
        if (persistencePassword != null) conflicting.add("--persistence-password");
        if (!conflicting.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", conflicting) + " cannot be combined with"
                    + " --hazelcast-config: set them in " + hazelcastConfig + " (network settings, and leasehold.*"
                    + " properties for the member settings, e.g. leasehold.min-ttl-ms or leasehold.persistence-url)");
        }
        if (!Files.isReadable(hazelcastConfig)) {
            throw new IllegalArgumentException("Hazelcast config file " + hazelcastConfig + " cannot be read");
        }
        Config config;
        try {
            config = Config.loadFromFile(hazelcastConfig.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Hazelcast config file " + hazelcastConfig + ": " + e.getMessage(), e);
        }
        if (config.getProperty("hazelcast.shutdownhook.enabled") == null) {
            config.setProperty("hazelcast.shutdownhook.enabled", "false");
        }
        boolean hooked = config.getListenerConfigs().stream().map(ListenerConfig::getClassName)
                .anyMatch(LeaseholdMemberHook.class.getName()::equals);
        if (!hooked) {
            Properties properties = config.getProperties();
            if (expectedMembers != null && properties.getProperty("leasehold.expected-members") == null) {
                properties.setProperty("leasehold.expected-members", expectedMembers.toString());
            }
            // Read once: a leasehold.persistence-url opens its database here.
            LeaseholdConfig.apply(config, MemberSettings.fromProperties(properties));
        }
        // The server owns this member: Leasehold's filter, merged with the file's own if it has one.
        LeaseholdConfig.applyWireFilter(config);
        return config;
    }

    private int expectedSize(Config config) {
        if (expectedMembers != null) {
            return expectedMembers;
        }
        String fromFile = config.getProperty("leasehold.expected-members");
        return fromFile == null ? 0 : Integer.parseInt(fromFile.trim());
    }

    /** Turns {@code --config FILE} into flags placed before the command line's own, so flags win. */
    static String[] withConfigFile(String[] args) throws IOException {
        List<String> out = new ArrayList<>();
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                Properties properties = new Properties();
                Path file = Path.of(args[++i]);
                if (!Files.isReadable(file)) {
                    throw new IllegalArgumentException("config file " + file + " cannot be read");
                }
                try (Reader reader = Files.newBufferedReader(file)) {
                    properties.load(reader);
                }
                for (String key : properties.stringPropertyNames()) {
                    out.add("--" + key);
                    out.add(properties.getProperty(key).trim());
                }
            } else {
                rest.add(args[i]);
            }
        }
        out.addAll(rest);
        return out.toArray(String[]::new);
    }
}
