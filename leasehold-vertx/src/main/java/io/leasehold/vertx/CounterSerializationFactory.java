package io.leasehold.vertx;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * The counters' serialization: {@link LeaseholdVertx#apply} registers it; a member configured from a
 * file names it:
 *
 * <pre>
 * hazelcast:
 *   serialization:
 *     data-serializable-factories:
 *       - factory-id: 7311
 *         class-name: io.leasehold.vertx.CounterSerializationFactory
 * </pre>
 */
public final class CounterSerializationFactory implements DataSerializableFactory {

    /** The factory id to register it under (Leasehold's own is 7301). */
    public static final int FACTORY_ID = 7311;

    static final int COUNTER_UPDATE = 1;
    static final int COUNTER_BACKUP = 2;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case COUNTER_UPDATE -> new CounterUpdate();
            case COUNTER_BACKUP -> new CounterBackup();
            default -> throw new IllegalArgumentException("no leasehold-vertx class with serialization id " + typeId
                    + " (factory " + FACTORY_ID + ")");
        };
    }
}
