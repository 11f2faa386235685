/**
 * Leasehold's leases, lock records and hold records kept in a database through Hazelcast's
 * {@code MapStore}, so they survive a restart of the whole cluster: {@link io.leasehold.persistence.JdbcPersistence}
 * (the factory a member's {@code MemberSettings.persistence} takes; an H2 file or PostgreSQL, chosen by
 * the JDBC URL; {@code JdbcPersistenceProvider} opens one for a configuration file's
 * {@code leasehold.persistence-url}), one {@code JdbcMapStore} per map over its {@code Table}, the records' bytes
 * ({@code RecordCodec}) and the two databases' differences ({@code Dialect}).
 *
 * <p>Recovery is not here: a lease read back has no deadline ({@code LeaseRecord.RECOVERED}), and its
 * owner adopts it with a full TTL on the path a promotion takes. May import: the backend's records and
 * map names ({@code internal.core}), Hazelcast, HikariCP, JDBC.
 */
package io.leasehold.persistence;
