package io.leasehold.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.example.outside.Intruder;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Members accept from the wire only Leasehold's and the JDK's classes through Java serialization. */
class SerializationFilterTest {

    @Test
    void aClassOutsideTheFilterIsRefusedAndTheMemberKeepsServing() {
        try (TestCluster cluster = new TestCluster(1)) {
            HazelcastInstance client = cluster.newClient();
            try (Leasehold leasehold = HazelcastLeasehold.create(client)) {
                LockHandle held = leasehold.lock("guarded").tryLock().orElseThrow();
                RuntimeException e = assertThrows(RuntimeException.class,
                        () -> client.<String, Object>getMap("leasehold.locks").executeOnKey("guarded", new Intruder()));
                assertTrue(String.valueOf(e.getMessage()).contains("is not allowed"), e.getMessage());
                assertEquals(held.fence(), leasehold.lock("guarded").holder().orElseThrow().fence());
                held.unlock();
                assertTrue(leasehold.lock("guarded").tryLock().isPresent());
            } finally {
                client.shutdown();
            }
        }
    }
}
