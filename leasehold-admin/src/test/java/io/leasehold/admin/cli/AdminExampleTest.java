package io.leasehold.admin.cli;

import io.leasehold.hazelcast.MemberTime;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.admin.ForcedRelease;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

class AdminExampleTest {

    @Test
    void freesTheStuckLockOnly() {
        // The member's clock is moved by hand, so "held for" is exact whatever the box's load.
        AtomicLong clock = new AtomicLong(1_800_000_000_000L);
        MemberSettings settings = MemberSettings.builder().minTtl(Duration.ofMillis(100))
                .reconcileInterval(Duration.ofSeconds(1)).time(MemberTime.manual(clock::get)).build();
        try (TestCluster cluster = new TestCluster(1, settings);
             Leasehold leasehold = HazelcastLeasehold.create(cluster.first())) {
            LockHandle stuck = leasehold.lock("stuck").tryLock().orElseThrow();
            clock.addAndGet(5_000);
            LockHandle fresh = leasehold.lock("fresh").tryLock().orElseThrow();
            List<ForcedRelease> released = AdminExample.freeStuckLocks(cluster.first(), Duration.ofSeconds(3));
            assertEquals(List.of("stuck"), released.stream().map(ForcedRelease::name).toList());
            assertEquals(stuck.fence(), released.get(0).oldFence());
            await().atMost(Duration.ofSeconds(30)).until(() -> !stuck.isValid());
            assertTrue(fresh.isValid());
            fresh.unlock();
        }
    }
}
