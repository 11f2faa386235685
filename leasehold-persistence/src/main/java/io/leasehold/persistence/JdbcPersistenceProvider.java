package io.leasehold.persistence;

import com.hazelcast.map.MapStoreFactory;
import io.leasehold.hazelcast.PersistenceProvider;

/**
 * The store a configuration file names: {@code leasehold.persistence-url} (with
 * {@code leasehold.persistence-user} and {@code leasehold.persistence-password}) in the properties of
 * hazelcast.yaml / hazelcast.xml opens a {@link JdbcPersistence} for the member, closed when it shuts down.
 * Found by {@link java.util.ServiceLoader} when this module is on the member's class path.
 */
public final class JdbcPersistenceProvider implements PersistenceProvider {

    @Override
    public MapStoreFactory<?, ?> open(String jdbcUrl, String user, String password) {
        return JdbcPersistence.open(jdbcUrl, user, password);
    }
}
