package io.leasehold.persistence;

import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.Maps;

import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * One of Leasehold's maps as a table: its key column, the numbers kept in columns of their own, the
 * record's bytes (its {@code IdentifiedDataSerializable} form) in {@code record}, what a loaded record
 * becomes, and what a removed record leaves behind.
 *
 * @param mapName    the Leasehold map this table keeps
 * @param name       the table's name
 * @param keyColumn  the key's column
 * @param keyType    {@code Long} (a BIGINT column) or {@code String} (text)
 * @param blank      an empty record, to read the bytes into
 * @param columns    numbers kept beside the bytes, in this order
 * @param onLoad     what a record read back becomes (a lease's deadline means nothing to the next cluster)
 * @param fromFloor  null: a removed record's row goes. Otherwise its row stays with the fence (the first
 *                   column) and no record, and a record made from that fence is what a later load finds,
 *                   so fences continue above it whatever the members' clocks say
 */
record Table<K, V>(String mapName, String name, String keyColumn, Class<K> keyType, Supplier<V> blank,
                   List<Column<V>> columns, UnaryOperator<V> onLoad, LongFunction<V> fromFloor) {

    static final String RECORD = "record";
    static final String FENCE = "fence";

    /** {@code leaseId -> LeaseRecord}: ttl and owner tag beside the record; no deadline (see {@link LeaseRecord#RECOVERED}). */
    static Table<Long, LeaseRecord> leases() {
        return new Table<>(Maps.LEASES, "leasehold_leases", "lease_id", Long.class, LeaseRecord::new,
                List.of(new Column<>("ttl_ms", LeaseRecord::ttl), new Column<>("owner_tag", LeaseRecord::getOwnerTag)),
                r -> r.withDeadline(LeaseRecord.RECOVERED), null);
    }

    /** {@code lockName -> LockRecord}: the fence and the holder's lease beside the record; a removed record leaves its fence. */
    static Table<String, LockRecord> locks() {
        return new Table<>(Maps.LOCKS, "leasehold_locks", "name", String.class, LockRecord::new,
                List.of(new Column<>(FENCE, LockRecord::fence), new Column<>("holder_lease", LockRecord::holderLease)),
                UnaryOperator.identity(), fence -> new LockRecord(fence, 0, 0, 0, 0, 0, 0, List.of()));
    }

    /** {@code key -> HoldRecord} (semaphores, read-write locks): the fence beside the record. */
    static Table<String, HoldRecord> holds() {
        return new Table<>(Maps.HOLDS, "leasehold_holds", "name", String.class, HoldRecord::new,
                List.of(new Column<>(FENCE, HoldRecord::fence)), UnaryOperator.identity(), null);
    }

    /** The statement that creates the table if it is not there. */
    String createSql(Dialect dialect) {
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(name).append(" (")
                .append(keyColumn).append(' ').append(keyType == Long.class ? "BIGINT" : dialect.text)
                .append(" PRIMARY KEY");
        for (Column<V> c : columns) {
            sql.append(", ").append(c.name()).append(" BIGINT NOT NULL");
        }
        return sql.append(", ").append(RECORD).append(' ').append(dialect.bytes).append(')').toString();
    }

    /** What a removed record leaves: nothing, or its fence. */
    String deleteSql() {
        if (fromFloor == null) {
            return "DELETE FROM " + name + " WHERE " + keyColumn + " = ?";
        }
        StringBuilder sql = new StringBuilder("UPDATE ").append(name).append(" SET ").append(RECORD).append(" = NULL");
        for (Column<V> c : columns) {
            if (!c.name().equals(FENCE)) {
                sql.append(", ").append(c.name()).append(" = 0");
            }
        }
        return sql.append(" WHERE ").append(keyColumn).append(" = ?").toString();
    }
}
