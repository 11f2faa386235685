package io.leasehold.hazelcast;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadmeExampleTest {

    @Test
    void readmeExampleRunsAndHandsOutAFence() throws InterruptedException {
        long fence = ReadmeExample.run("leasehold-readme-" + UUID.randomUUID());
        assertTrue(fence > 0);
    }
}
