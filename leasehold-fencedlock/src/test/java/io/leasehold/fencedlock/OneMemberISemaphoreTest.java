package io.leasehold.fencedlock;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.hazelcast.TestCluster;

/** The ISemaphore drop-in on one embedded member. */
class OneMemberISemaphoreTest extends ISemaphoreContract {

    private TestCluster cluster;

    @Override
    protected void startTopology() {
        cluster = new TestCluster(1);
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
