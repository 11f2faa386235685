package io.leasehold.persistence;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.MemberSettings;

import java.nio.file.Path;

public final class PersistenceExample {

    /** The embedded default: an H2 database in a file under {@code dataDir}, no server to run. */
    public static JdbcPersistence embeddedStore(Path dataDir) {
        return JdbcPersistence.h2File(dataDir.resolve("leasehold"));
    }

    /** PostgreSQL, for production: every member of the cluster names the same database. */
    public static JdbcPersistence postgresStore(String jdbcUrl, String user, String password) {
        return JdbcPersistence.open(jdbcUrl, user, password);   // e.g. "jdbc:postgresql://db:5432/leasehold"
    }

    /** A member whose leases, locks and fences are written to the store before any caller is told. */
    public static HazelcastInstance startMember(String clusterName, JdbcPersistence store) {
        MemberSettings settings = MemberSettings.builder().persistence(store).build();
        return LeaseholdConfig.startLocalMember(clusterName, settings);
    }

    private PersistenceExample() {
    }
}
