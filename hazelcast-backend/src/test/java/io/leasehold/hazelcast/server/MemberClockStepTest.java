package io.leasehold.hazelcast.server;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.SteadyClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A real member process whose wall clock steps by 30 s, one way then the other, in a cluster with the
 * local configurations' 5 s failure detection (issue 20). Hazelcast drops a member whose heartbeat
 * stamps look older than half of that (the master stepped back, another member stepped forward), so
 * unless the member's Hazelcast runs on {@link SteadyClock} the others remove a healthy member. Here
 * every member runs on it ({@link SteppedClock} steps the wall clock under it): through each step and
 * for longer than the detection time after it, no member is removed, no heartbeat is ignored, and the
 * lock keeps serving.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MemberClockStepTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MemberClockStepTest.class);

    /** {@code hazelcast.max.no.heartbeat.seconds} of the local configurations, plus 1 s. */
    private static final long PHASE_NANOS = TimeUnit.SECONDS.toNanos(6);
    private static final List<String> LOCKS = List.of("step-0", "step-1", "step-2");

    @Test
    void aMemberWhoseWallClockStepsStaysAndTheLockKeepsServing() throws Exception {
        String cluster = "leasehold-clock-step-" + UUID.randomUUID();
        List<ForkedMember> members = new ArrayList<>();
        HazelcastInstance client = null;
        try {
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ForkedMember member = ForkedMember.startWithSteppedClock("--cluster-name", cluster, "--min-ttl-ms", "100");
                members.add(member);
                addresses.add("127.0.0.1:" + member.awaitPort(60, TimeUnit.SECONDS));
            }
            HazelcastInstance c = HazelcastClient.newHazelcastClient(
                    LeaseholdConfig.localClientConfig(cluster, addresses.toArray(String[]::new)));
            client = c;
            await().atMost(Duration.ofSeconds(30)).until(() -> c.getCluster().getMembers().size() == 3);
            List<String> removed = Collections.synchronizedList(new ArrayList<>());
            c.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    removed.add(event.getMember().toString());
                }
            });
            try (Leasehold leasehold = HazelcastLeasehold.create(c)) {
                Grants grants = new Grants();
                LockSide worker = new LockSide("stepped", leasehold, grants, LOCKS);
                worker.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> worker.granted.get() > 5);
                ForkedMember master = members.get(0);   // the oldest member is the master
                ForkedMember other = members.get(1);
                List<String> phases = new ArrayList<>();
                // The master 30 s forward (the others follow its time), then 60 s back, and another member 30 s forward:
                // without the steady clock each of the last two removes a member (its heartbeats look stale).
                long[][] steps = {{0, 30_000}, {0, -30_000}, {1, 30_000}};
                for (long[] step : steps) {
                    (step[0] == 0 ? master : other).stepClock(step[1]);
                    long at = System.nanoTime();
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                            .until(() -> System.nanoTime() - at >= PHASE_NANOS);
                    long served = worker.grantedSince(at + PHASE_NANOS / 2);
                    phases.add((step[0] == 0 ? "master" : "member 2") + " at " + step[1] + " ms: " + served
                            + " holds in the last 3 s, " + worker.errorsSince(at).size() + " errors");
                    assertEquals(List.of(), removed, "a member was removed after " + phases);
                    assertTrue(served > 0, "the lock served nothing: " + phases);
                }
                worker.stop();
                LOG.info("clock steps: {}", phases);
                assertEquals(List.of(), grants.repeats, "a fence was granted to two holds");
                assertEquals(3, c.getCluster().getMembers().size());
                for (ForkedMember m : members) {
                    assertFalse(m.output().contains("Ignoring heartbeat"), "a heartbeat was ignored:\n" + m.output());
                    assertFalse(m.output().contains("Suspecting"), "a member was suspected:\n" + m.output());
                }
            }
        } finally {
            if (client != null) {
                client.shutdown();
            }
            for (ForkedMember m : members) {
                m.close();
            }
        }
    }
}
