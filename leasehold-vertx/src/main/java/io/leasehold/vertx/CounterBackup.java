package io.leasehold.vertx;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;

/** Stores on a backup the value a {@link CounterUpdate} stored on the primary. */
public final class CounterBackup implements EntryProcessor<String, Long, Object>, IdentifiedDataSerializable {

    private long value;

    /** For the serialization factory. */
    public CounterBackup() {
    }

    CounterBackup(long value) {
        this.value = value;
    }

    @Override
    public Object process(Map.Entry<String, Long> entry) {
        entry.setValue(value);
        return null;
    }

    @Override
    public EntryProcessor<String, Long, Object> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return CounterSerializationFactory.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CounterSerializationFactory.COUNTER_BACKUP;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(value);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        value = in.readLong();
    }
}
