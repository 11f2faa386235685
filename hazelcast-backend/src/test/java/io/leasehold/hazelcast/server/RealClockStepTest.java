package io.leasehold.hazelcast.server;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The master's clock stepped for real: its process runs under libfaketime, whose offset the test
 * writes to a file (+30 s, back, −30 s, 10 s apart, as the fault suite in issue 20 did). A real step
 * of a machine's clock moves the wall clock only, so libfaketime is told to leave the monotonic clock
 * alone. Every member runs as the standalone server does, on Leasehold's steady clock (the launcher
 * sets the flag): no member is removed and the lock serves through every step.
 *
 * <p>Opt-in, since it needs libfaketime on the machine:
 * {@code -Dleasehold.faketime=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1}. With
 * {@code -Dleasehold.faketime.clock=com.hazelcast.internal.util.Clock$SystemClock} the members run on
 * Hazelcast's own clock instead, which shows the fault the steady clock removes (the test then fails).
 */
@EnabledIfSystemProperty(named = "leasehold.faketime", matches = ".+")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class RealClockStepTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RealClockStepTest.class);
    private static final List<String> LOCKS = List.of("real-step-0", "real-step-1", "real-step-2", "real-step-3");
    private static final long PHASE_NANOS = TimeUnit.SECONDS.toNanos(10);

    @Test
    void theMastersClockStepsForRealAndTheClusterKeepsServing(@TempDir Path dir) throws Exception {
        String cluster = "leasehold-real-step-" + UUID.randomUUID();
        String clock = System.getProperty("leasehold.faketime.clock");
        List<String> flags = clock == null ? List.of() : List.of("-Dcom.hazelcast.clock.impl=" + clock);
        List<ForkedMember> members = new ArrayList<>();
        HazelcastInstance client = null;
        try {
            // The first member runs under libfaketime and starts alone, so it is the master; the others
            // join it once it listens. 3 expected members: split-brain protection is on, as in the fault suite.
            Path offset = dir.resolve("faketime");
            Files.writeString(offset, "+0\n");
            Map<String, String> faketime = Map.of("LD_PRELOAD", System.getProperty("leasehold.faketime"),
                    "FAKETIME_TIMESTAMP_FILE", offset.toString(), "FAKETIME_CACHE_DURATION", "1",
                    "FAKETIME_DONT_FAKE_MONOTONIC", Boolean.getBoolean("leasehold.faketime.monotonic") ? "0" : "1");
            String[] args = {"--cluster-name", cluster, "--min-ttl-ms", "100", "--expected-members", "3"};
            members.add(ForkedMember.startWith(faketime, flags, args));
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(RealClockStepTest::aMemberListens);
            members.add(ForkedMember.startWith(Map.of(), flags, args));
            members.add(ForkedMember.startWith(Map.of(), flags, args));
            List<String> addresses = new ArrayList<>();
            for (ForkedMember m : members) {
                addresses.add("127.0.0.1:" + m.awaitPort(60, TimeUnit.SECONDS));
            }
            HazelcastInstance c = HazelcastClient.newHazelcastClient(
                    LeaseholdConfig.localClientConfig(cluster, addresses.toArray(String[]::new)));
            client = c;
            await().atMost(Duration.ofSeconds(30)).until(() -> c.getCluster().getMembers().size() == 3);
            Member master = c.getCluster().getMembers().iterator().next();
            assertEquals(addresses.get(0), "127.0.0.1:" + master.getAddress().getPort(), "the stepped member is the master");
            List<String> changes = Collections.synchronizedList(new ArrayList<>());
            c.getCluster().addMembershipListener(new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                    changes.add("added " + event.getMember());
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                    changes.add("removed " + event.getMember());
                }
            });
            try (Leasehold leasehold = HazelcastLeasehold.create(c)) {
                LockSide worker = new LockSide("real-step", leasehold, new Grants(), LOCKS);
                worker.start();
                long start = System.nanoTime();
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> System.nanoTime() - start >= PHASE_NANOS / 2);
                double before = worker.rate(start, System.nanoTime());
                List<String> phases = new ArrayList<>();
                for (String step : List.of("+30s", "+0", "-30s")) {
                    Files.writeString(offset, step + "\n");
                    long at = System.nanoTime();
                    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                            .until(() -> System.nanoTime() - at >= PHASE_NANOS);
                    phases.add(step + ": " + worker.perSecond(at, 10) + " holds/s, "
                            + worker.errorsSince(at).size() + " errors");
                }
                worker.stop();
                long end = System.nanoTime();
                LOG.info("real clock steps: before {} holds/s; {}; membership changes {}",
                        String.format("%.0f", before), phases, changes);
                assertEquals(List.of(), changes, "the membership changed: " + phases);
                assertEquals(List.of(), worker.errorsSince(start), "calls failed: " + phases);
                double during = worker.rate(end - 3 * PHASE_NANOS, end);
                assertTrue(during >= 0.5 * before, String.format("%.0f holds/s through the steps, %.0f before: %s",
                        during, before, phases));
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

    /** Whether a member accepts connections on one of the ports the local configurations try first. */
    private static boolean aMemberListens() {
        for (int port = 5701; port <= 5710; port++) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (java.io.IOException notThere) {
                // try the next
            }
        }
        return false;
    }
}
