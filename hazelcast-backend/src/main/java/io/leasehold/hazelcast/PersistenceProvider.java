package io.leasehold.hazelcast;

import com.hazelcast.map.MapStoreFactory;

/**
 * Opens the store that a configuration file names ({@code leasehold.persistence-url}), found with
 * {@link java.util.ServiceLoader}: the {@code leasehold-persistence} module provides one, for an H2 file
 * or PostgreSQL. A member configured in code passes its store to {@link MemberSettings.Builder#persistence}
 * instead. The store returned is closed, if it is {@link AutoCloseable}, when the member that opened it
 * shuts down.
 */
public interface PersistenceProvider {

    /**
     * The store at {@code jdbcUrl}, as {@code user} (null for none).
     *
     * @throws IllegalArgumentException when this provider does not know the URL's kind of database
     * @throws RuntimeException when the database cannot be reached
     */
    MapStoreFactory<?, ?> open(String jdbcUrl, String user, String password);
}
