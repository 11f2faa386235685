package io.leasehold.resolver;

import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

/** Runs the README's Maven Resolver snippet on a real member. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResolverExampleTest {

    @Test
    void readmeSnippetRuns() throws InterruptedException {
        try (TestCluster cluster = new TestCluster(1); Leasehold leasehold = HazelcastLeasehold.create(cluster.first())) {
            AtomicBoolean exclusive = new AtomicBoolean();
            assertTrue(ResolverExample.install(leasehold, () -> exclusive.set(
                    leasehold.readWriteLock(LeaseholdNamedLockFactory.NAME_PREFIX + "artifact:org.example:lib:1.0")
                            .tryLockShared().isEmpty())));
            assertTrue(exclusive.get(), "the write ran while the lock was held exclusively");
            assertTrue(leasehold.readWriteLock(LeaseholdNamedLockFactory.NAME_PREFIX + "artifact:org.example:app:1.0")
                    .tryLockExclusive().isPresent(), "released afterwards");
        }
    }
}
