package io.leasehold.hazelcast;

import com.hazelcast.core.HazelcastInstance;

/** The semaphore and read-write lock contract through Hazelcast clients connected to three members. */
class ClientHoldContractTest extends HoldContractTest {

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
        clientA.shutdown();
        clientB.shutdown();
        cluster.close();
    }
}
