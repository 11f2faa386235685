package io.leasehold.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Lease;
import io.leasehold.Leasehold;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** A client keeping 10,000 leases alive sends at most one renew request per member per renew period. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KeepAliveBatchingTest {

    @Test
    void tenThousandLeasesCostOneRenewRequestPerMemberPerPeriod() {
        Duration ttl = Duration.ofMillis(9_000);
        long period = ttl.toMillis() / 3;
        try (TestCluster cluster = new TestCluster(3)) {
            HazelcastInstance client = cluster.newClient();
            try (Leasehold leasehold = HazelcastLeasehold.create(client)) {
                List<Long> ids = new ArrayList<>();
                for (int batch = 0; batch < 20; batch++) {
                    List<CompletableFuture<Lease>> grants = new ArrayList<>();
                    for (int i = 0; i < 500; i++) {
                        grants.add(leasehold.lessor().grantAsync(ttl).toCompletableFuture());
                    }
                    for (CompletableFuture<Lease> grant : grants) {
                        long id = grant.join().id();
                        ids.add(id);
                        leasehold.lessor().keepAlive(id);
                    }
                }
                // Let the keep-alive fall into step, then count over several periods.
                long settle = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * period);
                await().atMost(Duration.ofSeconds(30)).until(() -> System.nanoTime() - settle > 0);
                long[] before = renewRequests(cluster);
                int periods = 3;
                long start = System.nanoTime();
                long end = start + TimeUnit.MILLISECONDS.toNanos(periods * period);
                await().atMost(Duration.ofSeconds(30)).until(() -> System.nanoTime() - end > 0);
                long[] after = renewRequests(cluster);
                long elapsedPeriods = (System.nanoTime() - start) / TimeUnit.MILLISECONDS.toNanos(period);
                for (int m = 0; m < after.length; m++) {
                    long requests = after[m] - before[m];
                    assertTrue(requests >= 1, "member " + m + " saw no renewals");
                    // One request per period, plus at most one retry each: a partition that has not answered
                    // within a quarter of the TTL (a loaded machine) has its leases sent again 200 ms later, by
                    // design. Sent per partition, 10,000 leases would cost about 90 requests per member per period;
                    // per lease, over 3,000.
                    assertTrue(requests <= 2 * elapsedPeriods + 1, "member " + m + " served " + requests
                            + " renew requests in " + elapsedPeriods + " periods");
                }
                // Every lease is still alive: batching did not skip any.
                assertTrue(leasehold.lessor().leases().containsAll(ids), "a kept-alive lease expired");
            } finally {
                client.shutdown();
            }
        }
    }

    private static long[] renewRequests(TestCluster cluster) {
        return cluster.members.stream().mapToLong(m -> LeaseholdMetrics.of(m).renewRequests()).toArray();
    }
}
