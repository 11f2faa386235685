package io.leasehold.hazelcast.failover;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Lease;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 12: a lease whose owner dies just before its deadline gets the grace on its new owner: its
 * deadline is raised to at least now + grace, a renewal during the grace succeeds, and a contender
 * cannot take its lock meanwhile.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PromotionGraceTest {

    private static final Duration TTL = Duration.ofSeconds(1);
    private static final Duration GRACE = Duration.ofSeconds(4);

    @Test
    void aDeadlinePassedDuringFailoverIsExtendedByTheGrace() {
        MemberSettings settings = MemberSettings.builder().minTtl(Duration.ofMillis(100)).promotionGrace(GRACE)
                .reconcileInterval(Duration.ofSeconds(1)).build();
        try (TestCluster cluster = new TestCluster(2, settings)) {
            HazelcastInstance doomed = cluster.first();
            HazelcastInstance survivor = cluster.last();
            try (Leasehold user = HazelcastLeasehold.create(survivor);
                 Leasehold contender = HazelcastLeasehold.create(survivor)) {
                Lease lease;
                do {
                    lease = user.lessor().grant(TTL);
                } while (cluster.ownerOf(lease.id()) != doomed);
                long grantedAt = System.nanoTime();
                String name = "grace-lock";
                // The holder goes away without a word (closing does not touch a lease it did not make), so
                // nobody renews the lease and nobody releases its lock: its deadline passes in the failover.
                Leasehold holder = HazelcastLeasehold.create(survivor);
                LockHandle held = holder.lock(name).tryLock(lease.id()).orElseThrow();
                holder.close();
                cluster.kill(doomed);
                // Past the lease's own deadline, inside the grace.
                long deadline = grantedAt + TTL.plusMillis(300).toNanos();
                await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - deadline > 0);
                assertTrue(contender.lock(name).tryLock().isEmpty(), "the lock was taken during the grace");
                assertEquals(TTL, user.lessor().renew(lease.id()), "renew during the grace must succeed");
                assertTrue(held.fence() > 0);
                user.lessor().revoke(lease.id());
                await().atMost(Duration.ofSeconds(10)).until(() -> contender.lock(name).holder().isEmpty());
            }
        }
    }
}
