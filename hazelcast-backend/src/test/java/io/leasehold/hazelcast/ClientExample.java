package io.leasehold.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdConfig;

public class ClientExample {

    public static void main(String[] args) throws InterruptedException {
        HazelcastInstance client = HazelcastClient.newHazelcastClient(
                LeaseholdConfig.localClientConfig("locks", "127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703"));
        try {
            System.out.println("held orders/42 with fence " + lockOnce(client));
        } finally {
            client.shutdown();
        }
    }

    /** The same API as embedded: lock, use the fence, unlock. */
    public static long lockOnce(HazelcastInstance client) throws InterruptedException {
        try (Leasehold leasehold = HazelcastLeasehold.create(client);
             LockHandle handle = leasehold.lock("orders/42").lock()) {
            return handle.fence();
        }
    }
}
