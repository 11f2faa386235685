package io.leasehold.vertx;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.TestCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One clustered Vert.x node for the tests: vertx-hazelcast's cluster manager on a member bound to
 * 127.0.0.1, joining by TCP-IP on 127.0.0.1 only, multicast and phone-home off
 * ({@link LeaseholdConfig#localMemberConfig}), started through the README's {@link VertxExample#startNode}.
 */
final class VertxNode implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    final Vertx vertx;
    final HazelcastInstance member;

    private VertxNode(Vertx vertx, HazelcastInstance member) {
        this.vertx = vertx;
        this.member = member;
    }

    /** Starts a node of {@code cluster}, and waits until its member sees {@code clusterSize} members. */
    static VertxNode start(String cluster, int clusterSize, Duration sessionTtl) throws Exception {
        Config config = LeaseholdConfig.localMemberConfig(cluster, TestCluster.testSettings());
        String instanceName = cluster + "-" + UUID.randomUUID();
        config.setInstanceName(instanceName);
        LeaseholdVertx.sessionTtl(config, sessionTtl);
        Vertx vertx = await(VertxExample.startNode(config));
        HazelcastInstance member = Hazelcast.getHazelcastInstanceByName(instanceName);
        LeaseholdConfig.awaitClusterSize(member, clusterSize, START_TIMEOUT);
        return new VertxNode(vertx, member);
    }

    /** The result of a Vert.x future, waited for on this (non-Vert.x) thread. */
    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** Leaves the cluster as {@code vertx.close()} does: the member shuts down gracefully. */
    @Override
    public void close() throws Exception {
        await(vertx.close());
    }
}
