package io.leasehold.hazelcast.server;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.MemberSettings;
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
 * A standalone Leasehold member: Hazelcast with Leasehold's maps, serialization and revoker, bound
 * to one address, joining its peers by TCP-IP. Settings come from flags or from a properties file
 * ({@code --config FILE}, keys named like the long flags without dashes, e.g. {@code port=5702});
 * flags win over the file. SIGTERM shuts the member down gracefully (its partitions migrate first).
 *
 * <pre>
 * java -cp demo-app/target/leasehold-demo.jar io.leasehold.hazelcast.server.LeaseholdServer \
 *      --cluster-name prod-locks --port 5701 --members 127.0.0.1:5701,127.0.0.1:5702,127.0.0.1:5703
 * </pre>
 */
@Command(name = "leasehold-server", mixinStandardHelpOptions = true,
        description = "Runs a standalone Leasehold member.")
public final class LeaseholdServer implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseholdServer.class);

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with the settings below.")
    Path configFile;

    @Option(names = "--cluster-name", defaultValue = "leasehold", description = "Cluster name (default ${DEFAULT-VALUE}).")
    String clusterName;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--port", defaultValue = "5701", description = "First port to try (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--members", split = ",", defaultValue = "127.0.0.1",
            description = "Peers to join, host or host:port, comma separated (default ${DEFAULT-VALUE}).")
    List<String> members;

    @Option(names = "--backup-count", defaultValue = "1", description = "Synchronous backups (default ${DEFAULT-VALUE}).")
    int backupCount;

    @Option(names = "--split-brain-quorum", defaultValue = "0",
            description = "Fewest members a side must see to serve; 0 is off (default ${DEFAULT-VALUE}).")
    int splitBrainQuorum;

    @Option(names = "--revoke-rate", defaultValue = "100000",
            description = "Lease revocations per second per member, at most (default ${DEFAULT-VALUE}).")
    int revokeRate;

    @Option(names = "--min-ttl-ms", defaultValue = "500", description = "Minimum lease TTL (default ${DEFAULT-VALUE}).")
    long minTtlMillis;

    @Option(names = "--max-ttl-ms", defaultValue = "86400000", description = "Maximum lease TTL (default ${DEFAULT-VALUE}).")
    long maxTtlMillis;

    private volatile HazelcastInstance member;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Parses the arguments (file first, then flags), starts the member and blocks until it stops. */
    public static int run(String... args) {
        CommandLine cli = commandLine(new LeaseholdServer())
                .setExecutionExceptionHandler((e, command, parsed) -> {
                    command.getErr().println("leasehold-server: " + e.getMessage());
                    return 2;
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
        MemberSettings settings = MemberSettings.builder()
                .backupCount(backupCount)
                .splitBrainQuorum(splitBrainQuorum)
                .revokeRatePerSecond(revokeRate)
                .minTtl(Duration.ofMillis(minTtlMillis))
                .maxTtl(Duration.ofMillis(maxTtlMillis))
                .build();
        Config config = LeaseholdConfig.memberConfig(clusterName, port, members, settings);
        config.getNetworkConfig().getInterfaces().setInterfaces(List.of(bind));
        config.setProperty("hazelcast.local.localAddress", bind);
        // Our own hook instead of Hazelcast's: SIGTERM migrates this member's partitions away first.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        CountDownLatch stopped = new CountDownLatch(1);
        member = Hazelcast.newHazelcastInstance(config);
        member.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Leasehold member stopping: migrating its partitions to the others");
            member.shutdown();
            LOG.info("Leasehold member stopped");
        }, "leasehold-server-shutdown"));
        LOG.info("Leasehold member listening on {} in cluster '{}' ({} members)",
                member.getCluster().getLocalMember().getAddress(), clusterName, member.getCluster().getMembers().size());
        stopped.await();
        return 0;
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
