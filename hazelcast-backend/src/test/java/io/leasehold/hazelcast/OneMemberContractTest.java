package io.leasehold.hazelcast;

import com.hazelcast.core.HazelcastInstance;

/** The contract on a single embedded member. */
class OneMemberContractTest extends LeaseholdContractTest {

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
