package io.leasehold.persistence;

import com.hazelcast.map.MapLoader;
import com.hazelcast.map.MapStoreFactory;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.leasehold.hazelcast.internal.core.Maps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

/**
 * Leasehold's leases, lock records and hold records kept in a database, so they survive a restart of
 * the whole cluster: the embedded default, an H2 file ({@link #h2File}), or PostgreSQL, chosen by the
 * JDBC URL ({@link #open}). Give it to the members' settings:
 *
 * <pre>{@code
 * JdbcPersistence store = JdbcPersistence.h2File(Path.of("/var/lib/leasehold/store"));
 * MemberSettings settings = MemberSettings.builder().persistence(store).build();
 * HazelcastInstance member = Hazelcast.newHazelcastInstance(LeaseholdConfig.apply(new Config(), settings));
 * }</pre>
 *
 * <p>Opening creates the tables if they are not there (one a map: {@code leasehold_leases},
 * {@code leasehold_locks}, {@code leasehold_holds}). Every member of a cluster must use the same
 * database; one {@code JdbcPersistence} may serve several members in one JVM. Close it after the members
 * that use it. A database that cannot be reached when opening fails the open; one that goes away later
 * fails the calls that need it ({@link StoreUnavailableException}) until it is back.
 */
public final class JdbcPersistence implements MapStoreFactory<Object, Object>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcPersistence.class);
    /** Connections per pool: each member's partition threads write through it, one statement each. */
    private static final int POOL_SIZE = 8;
    /** How long a call waits for a connection before it fails: a store that is down fails calls quickly. */
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);

    private final String url;
    private final Dialect dialect;
    private final HikariDataSource pool;

    private JdbcPersistence(String url, String user, String password) {
        this.url = url;
        this.dialect = Dialect.of(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
            config.setPassword(password);
        }
        config.setPoolName("leasehold-store");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(Math.min(1_000, CONNECTION_TIMEOUT.toMillis()));
        try {
            this.pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("Leasehold store: could not connect to " + url + ": " + e.getMessage(), e);
        }
        try {
            createTables();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Stores to the database at {@code jdbcUrl} ({@code jdbc:h2:...} or {@code jdbc:postgresql:...}), without credentials. */
    public static JdbcPersistence open(String jdbcUrl) {
        return open(jdbcUrl, null, null);
    }

    /**
     * Stores to the database at {@code jdbcUrl} as {@code user}, creating Leasehold's tables if missing.
     *
     * @throws IllegalArgumentException when the URL is neither H2's nor PostgreSQL's
     * @throws StoreUnavailableException when the database cannot be reached or the tables cannot be made
     */
    public static JdbcPersistence open(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        return new JdbcPersistence(jdbcUrl, user, password);
    }

    /** The embedded default: an H2 database in {@code file} (H2 adds {@code .mv.db}), made if missing. */
    public static JdbcPersistence h2File(Path file) {
        Objects.requireNonNull(file, "file");
        return open("jdbc:h2:file:" + file.toAbsolutePath());
    }

    /** The JDBC URL this stores to. */
    public String url() {
        return url;
    }

    /**
     * The store of one of Leasehold's maps (Hazelcast asks once per map and member).
     *
     * @throws IllegalArgumentException for any other map: only Leasehold's leases, locks and holds are kept
     */
    @Override
    public MapLoader<Object, Object> newMapStore(String mapName, Properties properties) {
        Table<?, ?> table = switch (mapName) {
            case Maps.LEASES -> Table.leases();
            case Maps.LOCKS -> Table.locks();
            case Maps.HOLDS -> Table.holds();
            default -> throw new IllegalArgumentException("Leasehold persistence keeps " + List.of(Maps.LEASES,
                    Maps.LOCKS, Maps.HOLDS) + ", not map '" + mapName + "'");
        };
        @SuppressWarnings({"unchecked", "rawtypes"})
        MapLoader<Object, Object> store = new JdbcMapStore(table, pool, dialect);
        return store;
    }

    @Override
    public void close() {
        pool.close();
    }

    private void createTables() {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            for (Table<?, ?> table : List.of(Table.leases(), Table.locks(), Table.holds())) {
                statement.execute(table.createSql(dialect));
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("Leasehold store: could not create its tables at " + url + ": "
                    + e.getMessage(), e);
        }
        LOG.info("Leasehold store at {} is ready", url);
    }
}
