package io.leasehold.vertx;

import io.vertx.core.shareddata.Lock;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The forked node of {@link ForkedVertxNode}: joins the cluster, takes the lock through
 * {@code vertx.sharedData()}, prints {@code held <fence>} and waits to be killed. Arguments: cluster
 * name, cluster size with this node, lock name.
 */
public final class ForkedVertxNodeMain {

    /** Short, so the test of a crash waits little; above the members' failure detection plus grace (5 s + 0.5 s). */
    static final Duration SESSION_TTL = Duration.ofSeconds(6);

    private ForkedVertxNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        VertxNode node = VertxNode.start(args[0], Integer.parseInt(args[1]), SESSION_TTL);
        Lock lock = VertxNode.await(node.vertx.sharedData().getLockWithTimeout(args[2], 30_000));
        // The forked process's output is how the test learns the fence: a line on standard output.
        System.out.println("held " + LeaseholdVertx.fence(lock));
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
