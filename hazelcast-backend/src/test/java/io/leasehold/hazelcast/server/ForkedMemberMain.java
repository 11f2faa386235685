package io.leasehold.hazelcast.server;

import io.leasehold.hazelcast.SteadyClock;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.instance.impl.HazelcastInstanceImpl;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.partition.InternalPartition;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.MemberSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The member a {@link ForkedMember} runs: a loopback Leasehold member in a JVM of its own (the
 * standalone server lives in the leasehold-server module; these tests need only a member).
 * Arguments: {@code --cluster-name NAME [--min-ttl-ms N] [--port P --members H:P,... [--public-port R]
 * [--outbound-ports A-B] [--expected-members N]]}. Prints "listening on host:port" once
 * started; SIGTERM shuts it down gracefully. Started with {@link SteppedClock} as Hazelcast's clock, it
 * steps that clock when told on standard input ({@link #STEP_COMMAND}); asked there, any member says
 * where a key's replicas live ({@link #REPLICAS_COMMAND}).
 */
public final class ForkedMemberMain {

    /** A line on standard input that steps a {@link SteppedClock}: this, then the step in milliseconds. */
    static final String STEP_COMMAND = "step-clock ";
    /** What the member prints once it has stepped its clock: this, then the step. */
    static final String STEPPED = "clock stepped to ";
    /** A line on standard input that asks where a key's replicas live: this, then "lease ID" or "name NAME". */
    static final String REPLICAS_COMMAND = "replicas ";
    /** The answer: this, the question's key, then the owner's and the first backup's ports. */
    static final String REPLICAS = "replicas of ";

    private ForkedMemberMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SteadyClock.installUnlessSet(); // as the standalone server does
        String cluster = null;
        long minTtl = 500;
        int port = 0;
        int publicPort = 0;
        int expected = 0;
        String members = null;
        String outboundPorts = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--cluster-name" -> cluster = args[i + 1];
                case "--min-ttl-ms" -> minTtl = Long.parseLong(args[i + 1]);
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--public-port" -> publicPort = Integer.parseInt(args[i + 1]);
                case "--members" -> members = args[i + 1];
                case "--outbound-ports" -> outboundPorts = args[i + 1];
                case "--expected-members" -> expected = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        MemberSettings.Builder settings = MemberSettings.builder().minTtl(Duration.ofMillis(minTtl));
        if (expected > 0) {
            settings.expectedMembers(expected);
        }
        Config config = port == 0
                ? LeaseholdConfig.localMemberConfig(cluster, settings.build())
                : LeaseholdConfig.memberConfig(cluster, port, List.of(members.split(",")), settings.build());
        if (port != 0) {
            // Exactly this port, reached by the others through a relay at the public address.
            config.getNetworkConfig().setPortAutoIncrement(false);
        }
        if (publicPort != 0) {
            config.getNetworkConfig().setPublicAddress("127.0.0.1:" + publicPort);
        }
        if (outboundPorts != null) {
            config.getNetworkConfig().addOutboundPortDefinition(outboundPorts);
            config.setProperty("hazelcast.socket.client.bind", "true");
        }
        // A split heals within seconds, not Hazelcast's default 5 minutes.
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        Thread commands = new Thread(() -> readCommands(member), "forked-member-commands");
        commands.setDaemon(true);
        commands.start();
        CountDownLatch stopped = new CountDownLatch(1);
        member.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                stopped.countDown();
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(member::shutdown, "forked-member-shutdown"));
        var address = member.getCluster().getLocalMember().getAddress();
        System.out.println("Leasehold member listening on " + address.getHost() + ":" + address.getPort()
                + " (" + member.getCluster().getMembers().size() + " members)");
        System.out.flush();
        stopped.await();
    }

    /** Steps the member's clock, or says where a key's replicas live, as the test asks on standard input. */
    private static void readCommands(HazelcastInstance member) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(STEP_COMMAND)) {
                    long step = Long.parseLong(line.substring(STEP_COMMAND.length()).trim());
                    SteppedClock.STEP.set(step);
                    System.out.println(STEPPED + step);
                } else if (line.startsWith(REPLICAS_COMMAND)) {
                    String question = line.substring(REPLICAS_COMMAND.length()).trim();
                    System.out.println(REPLICAS + question + " " + replicaPorts(member, question));
                }
                System.out.flush();
            }
        } catch (IOException e) {
            // the test ended
        }
    }

    /** "OWNER BACKUP": the ports of the key's owner and first backup, 0 where there is none. */
    private static String replicaPorts(HazelcastInstance member, String question) {
        String[] kindAndKey = question.split(" ", 2);
        Object key = kindAndKey[0].equals("lease") ? (Object) Long.parseLong(kindAndKey[1]) : kindAndKey[1];
        int partitionId = member.getPartitionService().getPartition(key).getPartitionId();
        HazelcastInstanceImpl instance = ((HazelcastInstanceProxy) member).getOriginal();
        InternalPartition partition = instance.node.getPartitionService().getPartition(partitionId);
        Address owner = partition.getReplicaAddress(0);
        Address backup = partition.getReplicaAddress(1);
        return (owner == null ? 0 : owner.getPort()) + " " + (backup == null ? 0 : backup.getPort());
    }
}
