package io.leasehold.micrometer;

import io.leasehold.hazelcast.TestCluster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MicrometerExampleTest {

    @Test
    void readmeSnippetRuns() throws Exception {
        try (TestCluster cluster = new TestCluster(1)) {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            assertTrue(MicrometerExample.run(cluster.first(), registry) > 0);
            // The client's meters are there (Micrometer holds the closed instance weakly, so they may read 0 now).
            registry.get("leasehold.client.acquire").tag("app", "billing").functionTimer();
            assertEquals(1, registry.get("leasehold.leases.granted").tag("cluster", "orders").functionCounter().count(),
                    "the session lease");
        }
    }
}
