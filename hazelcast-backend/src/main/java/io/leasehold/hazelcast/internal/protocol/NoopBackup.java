package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.SerializationIds;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.util.Map;

/** The backup of a read: changes nothing. */
public final class NoopBackup implements EntryProcessor<Object, Object, Object>, IdentifiedDataSerializable {
    static final NoopBackup INSTANCE = new NoopBackup();

    public NoopBackup() {
    }

    @Override
    public Object process(Map.Entry<Object, Object> entry) {
        return null;
    }

    @Override
    public EntryProcessor<Object, Object, Object> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.NOOP;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
    }

    @Override
    public void readData(ObjectDataInput in) {
    }
}
