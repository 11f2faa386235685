package io.leasehold.hazelcast.clock;

import io.leasehold.hazelcast.MemberTime;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Lease;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 12: a wall-clock step of 30 s on a lease's owner neither revokes early nor keeps the lease
 * past its deadline by more than the slew's correction (1% of the time elapsed).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClockStepTest {

    private static final Duration TTL = Duration.ofSeconds(3);

    @ParameterizedTest
    @ValueSource(longs = {30_000, -30_000})
    void aSteppedWallClockNeitherEndsALeaseEarlyNorKeepsItForEver(long step) {
        AtomicLong offset = new AtomicLong();
        MemberSettings settings = MemberSettings.builder().minTtl(Duration.ofMillis(100))
                .time(MemberTime.wallShiftedBy(offset::get)).build();
        try (TestCluster cluster = new TestCluster(1, settings)) {
            HazelcastInstance member = cluster.first();
            try (Leasehold leasehold = HazelcastLeasehold.create(member)) {
                Lease lease = leasehold.lessor().grant(TTL);
                long grantedAt = System.nanoTime();
                offset.addAndGet(step);
                // Alive for (nearly) its whole TTL despite the step...
                await().during(TTL.minusMillis(500)).atMost(TTL).until(() -> leasehold.lessor().leases().contains(lease.id()));
                // ...and gone soon after its deadline.
                await().atMost(Duration.ofSeconds(5)).until(() -> !leasehold.lessor().leases().contains(lease.id()));
                long lived = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - grantedAt);
                assertTrue(lived >= TTL.toMillis() - 100, "ended after " + lived + " ms");
            }
        }
    }
}
