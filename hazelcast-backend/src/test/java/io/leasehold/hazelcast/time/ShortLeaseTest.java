package io.leasehold.hazelcast.time;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Lease;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20: short TTLs work. On members with the default minimum TTL, a lock under a 100 ms or 200 ms
 * lease is valid on its holder as soon as it is taken and unlocks cleanly (how long it stays valid is
 * the holder's margin, {@code LeaseDecisionsTest}); a lock whose 2 ms lease has run out
 * shows no holder, even while the member's revoker has not got to the lease yet.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ShortLeaseTest {

    private TestCluster cluster;
    private HazelcastInstance client;
    private Leasehold onMember;
    private Leasehold onClient;

    @BeforeAll
    void start() {
        // One revoke a second: a lease that ran out stays on the cluster for up to a second, as it
        // would behind a pile-up of expiries.
        cluster = new TestCluster(1, MemberSettings.builder().revokeRatePerSecond(1).revokeBatchSize(1).build());
        client = cluster.newClient();
        onMember = HazelcastLeasehold.create(cluster.first());
        onClient = HazelcastLeasehold.create(client);
    }

    @AfterAll
    void stop() {
        onClient.close();
        onMember.close();
        client.shutdown();
        cluster.close();
    }

    private Leasehold at(String where) {
        return where.equals("member") ? onMember : onClient;
    }

    @ParameterizedTest(name = "{0}, {1} ms")
    @CsvSource({"member, 100", "client, 100", "member, 200", "client, 200"})
    void aShortLockIsValidWhenTakenAndUnlocksCleanly(String where, long ttlMillis) throws Exception {
        for (int i = 0; i < 5; i++) {
            LockHandle handle = at(where).lock(unique("short")).tryLock(Duration.ZERO, Duration.ofMillis(ttlMillis))
                    .orElseThrow();
            assertTrue(handle.isValid(), "a " + ttlMillis + " ms lock was not valid right after it was taken: " + handle);
            assertDoesNotThrow(handle::unlock);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"member", "client"})
    void aLockWhoseShortLeaseRanOutShowsNoHolderBeforeTheRevokerGetsToIt(String where) throws Exception {
        Leasehold holder = at(where);
        Leasehold reader = where.equals("member") ? onClient : onMember;
        // Spend the revoker's permit on a lease of no interest, so the next one waits for a second.
        Lease spent = holder.lessor().grant(Duration.ofMillis(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> !reader.lessor().leases().contains(spent.id()));
        String name = unique("holder");
        LockHandle handle = holder.lock(name).tryLock(Duration.ZERO, Duration.ofMillis(2)).orElseThrow();
        await().atMost(Duration.ofMillis(500)).until(() -> reader.lock(name).holder().isEmpty());
        assertTrue(holder.lock(name).holder().isEmpty());
        // The next acquire finds it free too.
        LockHandle next = reader.lock(name).tryLock().orElseThrow();
        assertTrue(next.fence() > handle.fence());
        next.unlock();
    }

    private static String unique(String prefix) {
        return "short/" + prefix + "/" + UUID.randomUUID();
    }
}
