package io.leasehold.hazelcast.protocol;

import io.leasehold.hazelcast.MemberTime;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.hazelcast.TestCluster;
import io.leasehold.hazelcast.internal.core.Maps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Issue 10: a lock record removed while idle and created again on another member, whose clock is a
 * second behind, still gets a fence above every earlier one.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FenceContinuityTest {

    private static MemberSettings withClockOffset(long offsetMillis) {
        return MemberSettings.builder()
                .minTtl(Duration.ofMillis(100))
                .promotionGrace(Duration.ofMillis(500))
                .reconcileInterval(Duration.ofSeconds(1))
                .time(MemberTime.shiftedBy(() -> offsetMillis))
                .build();
    }

    @Test
    void aRemovedIdleRecordCreatedAgainBehindInTimeContinuesAboveEveryEarlierFence() {
        try (TestCluster cluster = TestCluster.empty(withClockOffset(0))) {
            HazelcastInstance ahead = cluster.addMember(withClockOffset(0));
            HazelcastInstance behind = cluster.addMember(withClockOffset(-1_000));
            String name = null;
            for (int i = 0; name == null; i++) {
                if (cluster.ownerOf("continuity-" + i) == ahead) {
                    name = "continuity-" + i;
                }
            }
            String lock = name;
            long highest = 0;
            try (Leasehold leasehold = HazelcastLeasehold.create(behind)) {
                for (int i = 0; i < 50; i++) {
                    try (LockHandle h = leasehold.lock(lock).tryLock().orElseThrow()) {
                        assertTrue(h.fence() > highest);
                        highest = h.fence();
                    }
                }
            }
            // Released and idle: its owner removes it once its fence is old enough.
            await().atMost(Duration.ofSeconds(30)).until(() -> !behind.getMap(Maps.LOCKS).containsKey(lock));
            cluster.kill(ahead);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> cluster.ownerOf(lock) == behind);
            try (Leasehold leasehold = HazelcastLeasehold.create(behind)) {
                LockHandle again = leasehold.lock(lock).tryLock().orElseThrow();
                assertTrue(again.fence() > highest, "fence " + again.fence() + " after " + highest);
                again.unlock();
            }
        }
    }
}
