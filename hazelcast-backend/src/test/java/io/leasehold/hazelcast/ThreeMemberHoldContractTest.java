package io.leasehold.hazelcast;

import com.hazelcast.core.HazelcastInstance;

/** The semaphore and read-write lock contract on three embedded members, the two Leasehold instances on different members. */
class ThreeMemberHoldContractTest extends HoldContractTest {

    private TestCluster cluster;

    @Override
    protected void startTopology() {
        cluster = new TestCluster(3);
    }

    @Override
    protected HazelcastInstance endpoint(int i) {
        return i == 0 ? cluster.first() : cluster.last();
    }

    @Override
    protected void stopTopology() {
        cluster.close();
    }
}
