package io.leasehold.fencedlock;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.hazelcast.TestCluster;

/** The ISemaphore drop-in through Hazelcast clients connected to three members. */
class ClientISemaphoreTest extends ISemaphoreContract {

    private TestCluster cluster;
    private HazelcastInstance clientA;
    private HazelcastInstance clientB;

    @Override
    protected void startTopology() {
        cluster = new TestCluster(3);
        clientA = cluster.newClient();
        clientB = cluster.newClient();
    }

    @Override
    protected HazelcastInstance endpoint(int i) {
        return i == 0 ? clientA : clientB;
    }

    @Override
    protected void stopTopology() {
        try {
            clientA.shutdown();
            clientB.shutdown();
        } finally {
            cluster.close();
        }
    }
}
