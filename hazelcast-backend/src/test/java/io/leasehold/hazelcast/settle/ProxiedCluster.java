package io.leasehold.hazelcast.settle;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.LoopbackProxy;
import io.leasehold.hazelcast.TestCluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;

/** One member that a client reaches only through a cuttable proxy; embedded instances reach it directly. */
final class ProxiedCluster implements AutoCloseable {

    final LoopbackProxy proxy;
    final HazelcastInstance member;
    final HazelcastInstance client;

    ProxiedCluster() throws IOException {
        String clusterName = "leasehold-settle-" + UUID.randomUUID();
        proxy = new LoopbackProxy();
        Config config = LeaseholdConfig.localMemberConfig(clusterName, TestCluster.testSettings());
        int memberPort = freePort();
        config.getNetworkConfig().setPort(memberPort).setPortAutoIncrement(false)
                .setPublicAddress("127.0.0.1:" + proxy.port());
        member = Hazelcast.newHazelcastInstance(config);
        proxy.forwardTo(memberPort);
        client = HazelcastClient.newHazelcastClient(
                LeaseholdConfig.localClientConfig(clusterName, "127.0.0.1:" + proxy.port()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            client.shutdown();
        } finally {
            member.getLifecycleService().terminate();
            proxy.close();
        }
    }
}
