package io.leasehold.demo;

import io.leasehold.hazelcast.SteadyClock;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.leasehold.hazelcast.ClusterFormationException;
import io.leasehold.hazelcast.LeaseholdConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * A standalone Leasehold member on loopback, for client-server mode:
 * {@code java -cp leasehold-demo.jar io.leasehold.demo.MemberMain --cluster NAME}.
 *
 * <p>Waits for {@code --expected-members} members (default 3), prints {@code READY host:port} once
 * they have formed one cluster (exits with 3, saying why, on a cluster of another size), and shuts down gracefully on SIGTERM (its
 * own shutdown hook replaces Hazelcast's, so partitions are handed over before it leaves). With
 * {@code --exit-with-parent} it also stops when the process that started it ends, so a demo that
 * is killed does not leave members behind.
 */
@Command(name = "leasehold-member", mixinStandardHelpOptions = true,
        description = "Runs one Leasehold member on 127.0.0.1 until stopped (SIGTERM or Ctrl-C).")
public final class MemberMain implements Callable<Integer> {

    /** The line a member prints when it is ready, followed by its address. */
    static final String READY = "READY ";

    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "Cluster name to join.")
    String clusterName;

    @Option(names = "--exit-with-parent", description = "Stop when the parent process ends.")
    boolean exitWithParent;

    @Option(names = "--expected-members", defaultValue = "3",
            description = "Members the cluster must have: wait for them, refuse to run on another size (default ${DEFAULT-VALUE}).")
    int expectedMembers;

    public static void main(String[] args) {
        SteadyClock.installUnlessSet(); // before anything reads Hazelcast's clock
        System.exit(new CommandLine(new MemberMain()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        Config config = LeaseholdConfig.localMemberConfig(clusterName, DemoSettings.members(expectedMembers));
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        HazelcastInstance member;
        try {
            member = Hazelcast.newHazelcastInstance(config);
        } catch (IllegalStateException e) {
            System.err.println("leasehold-member: could not start a member of cluster '" + clusterName + "': "
                    + e.getMessage() + " (start members one after another, each once the previous one is READY)");
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        member.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (member.getLifecycleService().isRunning()) {
                member.getLifecycleService().shutdown();
            }
        }, "leasehold-member-shutdown"));
        if (exitWithParent) {
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        }
        var address = member.getCluster().getLocalMember().getAddress();
        try {
            LeaseholdConfig.awaitClusterSize(member, expectedMembers, DemoSettings.FORMATION_TIMEOUT);
        } catch (ClusterFormationException e) {
            System.err.println("leasehold-member: " + e.getMessage());
            member.getLifecycleService().terminate();
            return 3;
        }
        System.out.println(READY + address.getHost() + ":" + address.getPort() + " (cluster of "
                + member.getCluster().getMembers().size() + " members)");
        System.out.flush();
        stopped.await();
        return 0;
    }
}
