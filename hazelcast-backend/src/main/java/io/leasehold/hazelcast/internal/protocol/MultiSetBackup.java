package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.core.Wire;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@link SetBackup} for multi-key processors: per key, the value to set or the removal to apply. */
public final class MultiSetBackup<K, V> implements EntryProcessor<K, V, Object>, IdentifiedDataSerializable {

    private Map<K, V> puts;
    private Set<K> removes;

    public MultiSetBackup() {
    }

    MultiSetBackup(Map<K, V> puts, Set<K> removes) {
        this.puts = new HashMap<>(puts);
        this.removes = new HashSet<>(removes);
    }

    @Override
    public Object process(Map.Entry<K, V> entry) {
        V v = puts.get(entry.getKey());
        if (v != null) {
            entry.setValue(v);
        } else if (removes.contains(entry.getKey())) {
            entry.setValue(null);
        }
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
        return SerializationIds.MULTI_SET_BACKUP;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(puts.size());
        for (Map.Entry<K, V> e : puts.entrySet()) {
            out.writeObject(e.getKey());
            out.writeObject(e.getValue());
        }
        out.writeInt(removes.size());
        for (K k : removes) {
            out.writeObject(k);
        }
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        int n = Wire.readCount(in, "backup values");
        puts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            K k = in.readObject();
            V v = in.readObject();
            puts.put(k, v);
        }
        int m = Wire.readCount(in, "backup removals");
        removes = new HashSet<>();
        for (int i = 0; i < m; i++) {
            removes.add(in.readObject());
        }
    }
}
