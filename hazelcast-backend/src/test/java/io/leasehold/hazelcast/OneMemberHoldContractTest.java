package io.leasehold.hazelcast;

import com.hazelcast.core.HazelcastInstance;

/** The semaphore and read-write lock contract on a single embedded member. */
class OneMemberHoldContractTest extends HoldContractTest {

    private TestCluster cluster;

    @Override
    protected void startTopology() {
        cluster = new TestCluster(1);
    }

    @Override
    protected HazelcastInstance endpoint(int i) {
        return cluster.first();
    }

    @Override
    protected void stopTopology() {
        cluster.close();
    }
}
