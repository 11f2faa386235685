package io.leasehold.persistence;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapLoaderLifecycleSupport;
import com.hazelcast.map.MapStore;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One of Leasehold's maps kept in its {@link Table}. Write-through: Hazelcast calls {@link #store} on
 * the key's partition thread before the change reaches the member's memory, its backups or its caller,
 * so a failed write fails the call and changes nothing ({@link StoreUnavailableException}). A batch is
 * written in one transaction: all of it or none.
 */
final class JdbcMapStore<K, V extends IdentifiedDataSerializable> implements MapStore<K, V>, MapLoaderLifecycleSupport {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcMapStore.class);
    /** Keys per {@code IN (...)} of a load. */
    private static final int LOAD_CHUNK = 500;

    private final Table<K, V> table;
    private final DataSource pool;
    private final String upsert;
    private final String select;
    private final String deleteSql;
    private volatile RecordCodec codec;

    JdbcMapStore(Table<K, V> table, DataSource pool, Dialect dialect) {
        this.table = table;
        this.pool = pool;
        List<String> columns = new ArrayList<>();
        table.columns().forEach(c -> columns.add(c.name()));
        columns.add(Table.RECORD);
        this.upsert = dialect.upsert(table.name(), table.keyColumn(), columns);
        this.select = "SELECT " + table.keyColumn() + ", " + Table.RECORD
                + (table.fromFloor() != null ? ", " + Table.FENCE : "") + " FROM " + table.name()
                + " WHERE " + table.keyColumn() + " IN (";
        this.deleteSql = table.deleteSql();
    }

    @Override
    public void init(HazelcastInstance member, Properties properties, String mapName) {
        if (!mapName.equals(table.mapName())) {
            throw new IllegalArgumentException("the store of " + table.mapName() + " was given map " + mapName);
        }
        codec = RecordCodec.of(member);
    }

    @Override
    public void destroy() {
        // The pool belongs to the JdbcPersistence that made this store.
    }

    @Override
    public void store(K key, V value) {
        storeAll(Collections.singletonMap(key, value));
    }

    @Override
    public void storeAll(Map<K, V> entries) {
        if (entries.isEmpty()) {
            return;
        }
        inTransaction("write", entries.keySet(), connection -> {
            try (PreparedStatement ps = connection.prepareStatement(upsert)) {
                for (Map.Entry<K, V> e : entries.entrySet()) {
                    int i = 1;
                    ps.setObject(i++, e.getKey());
                    for (Column<V> c : table.columns()) {
                        ps.setLong(i++, c.value().applyAsLong(e.getValue()));
                    }
                    ps.setBytes(i, codec.write(e.getValue()));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    @Override
    public void delete(K key) {
        deleteAll(List.of(key));
    }

    @Override
    public void deleteAll(Collection<K> keys) {
        if (keys.isEmpty()) {
            return;
        }
        inTransaction("remove", keys, connection -> {
            try (PreparedStatement ps = connection.prepareStatement(deleteSql)) {
                for (K key : keys) {
                    ps.setObject(1, key);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    @Override
    public V load(K key) {
        return loadAll(List.of(key)).get(key);
    }

    @Override
    public Map<K, V> loadAll(Collection<K> keys) {
        Map<K, V> found = new HashMap<>();
        List<K> all = new ArrayList<>(keys);
        try (Connection connection = pool.getConnection()) {
            for (int from = 0; from < all.size(); from += LOAD_CHUNK) {
                List<K> chunk = all.subList(from, Math.min(all.size(), from + LOAD_CHUNK));
                try (PreparedStatement ps = connection.prepareStatement(
                        select + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setObject(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            K key = rs.getObject(1, table.keyType());
                            V record = row(key, rs);
                            if (record != null) {
                                found.put(key, record);
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw failed("read", keys, e);
        }
        return found;
    }

    @Override
    public Iterable<K> loadAllKeys() {
        List<K> keys = new ArrayList<>();
        String sql = "SELECT " + table.keyColumn() + " FROM " + table.name() + " WHERE " + Table.RECORD + " IS NOT NULL";
        try (Connection connection = pool.getConnection();
             PreparedStatement ps = connection.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                keys.add(rs.getObject(1, table.keyType()));
            }
        } catch (SQLException e) {
            throw failed("list the keys of", List.of(), e);
        }
        LOG.info("Leasehold store: {} records of {} to load from {}", keys.size(), table.mapName(), table.name());
        return keys;
    }

    /** A row's record; a row with no record is a removed lock's fence, or nothing. */
    private V row(K key, ResultSet rs) throws SQLException {
        byte[] bytes = rs.getBytes(2);
        if (bytes != null) {
            return table.onLoad().apply(codec.read(bytes, table.blank(), table.name() + " row " + key));
        }
        return table.fromFloor() != null ? table.fromFloor().apply(rs.getLong(3)) : null;
    }

    private interface Work {
        void run(Connection connection) throws SQLException;
    }

    private void inTransaction(String what, Collection<K> keys, Work work) {
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                work.run(connection);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw failed(what, keys, e);
        }
    }

    private static void rollback(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private StoreUnavailableException failed(String what, Collection<K> keys, SQLException e) {
        String which = keys.isEmpty() ? "" : keys.size() == 1 ? " " + keys.iterator().next()
                : " " + keys.size() + " keys (first " + keys.iterator().next() + ")";
        return new StoreUnavailableException("Leasehold store: could not " + what + " " + table.mapName() + which
                + " in table " + table.name() + ": " + e.getMessage(), e);
    }
}
