package io.leasehold.hazelcast.server;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.MemberSettings;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The member a {@link ForkedMember} runs: a loopback Leasehold member in a JVM of its own (the
 * standalone server lives in the leasehold-server module; these tests need only a member).
 * Arguments: {@code --cluster-name NAME [--min-ttl-ms N]}. Prints "listening on host:port" once
 * started; SIGTERM shuts it down gracefully.
 */
public final class ForkedMemberMain {

    private ForkedMemberMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        String cluster = null;
        long minTtl = 500;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--cluster-name" -> cluster = args[i + 1];
                case "--min-ttl-ms" -> minTtl = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        Config config = LeaseholdConfig.localMemberConfig(cluster,
                MemberSettings.builder().minTtl(Duration.ofMillis(minTtl)).build());
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
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
}
