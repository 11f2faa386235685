package io.leasehold.hazelcast;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.leasehold.hazelcast.internal.LeaseholdSerialization;

/**
 * Leasehold's serialization factory under a stable public name, for configuration files. Members
 * and clients configured from hazelcast.xml / hazelcast.yaml / hazelcast-client.yaml need it:
 *
 * <pre>
 * hazelcast:
 *   serialization:
 *     data-serializable-factories:
 *       - factory-id: 7301
 *         class-name: io.leasehold.hazelcast.LeaseholdSerializationFactory
 * </pre>
 *
 * (Configurations made with {@link LeaseholdConfig#apply} get it already.)
 */
public final class LeaseholdSerializationFactory implements DataSerializableFactory {

    /** The factory id to register it under. */
    public static final int FACTORY_ID = LeaseholdSerialization.FACTORY_ID;

    private final LeaseholdSerialization delegate = new LeaseholdSerialization();

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return delegate.create(typeId);
    }
}
