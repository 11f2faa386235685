package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.SerializationIds;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;

/**
 * Applies on a backup the value the primary computed: backups never re-run a decision, so they
 * never read their own clock or draw their own ids. A null value removes the entry.
 */
public final class SetBackup<K, V> implements EntryProcessor<K, V, Object>, IdentifiedDataSerializable {

    private V value;

    public SetBackup() {
    }

    SetBackup(V value) {
        this.value = value;
    }

    @Override
    public Object process(Map.Entry<K, V> entry) {
        entry.setValue(value);
        return null;
    }

    @Override
    public EntryProcessor<K, V, Object> getBackupProcessor() {
        return null;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.SET_BACKUP;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeObject(value);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        value = in.readObject();
    }
}
