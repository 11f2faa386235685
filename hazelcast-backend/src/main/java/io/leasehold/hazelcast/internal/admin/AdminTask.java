package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.SerializationIds;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.util.concurrent.Callable;

/** Common plumbing of the member tasks. */
public abstract class AdminTask<R> implements Callable<R>, IdentifiedDataSerializable, HazelcastInstanceAware {
    /** The key attribute of Hazelcast queries. */
    static final String KEY = "__key";

    transient HazelcastInstance hz;

    /** Keys of the {@code partitions} map: one String per partition id that hashes to it. */
    public static String[] partitionKeys(com.hazelcast.partition.PartitionService partitions, int count) {
        String[] keys = new String[count];
        int found = 0;
        for (long i = 0; found < count; i++) {
            String candidate = "p" + i;
            int id = partitions.getPartition(candidate).getPartitionId();
            if (keys[id] == null) {
                keys[id] = candidate;
                found++;
            }
        }
        return keys;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.hz = hz;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }
}
