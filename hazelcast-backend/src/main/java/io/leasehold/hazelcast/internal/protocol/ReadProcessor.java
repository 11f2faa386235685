package io.leasehold.hazelcast.internal.protocol;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.vavr.control.Either;
import io.vavr.control.Option;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** A read: its backup changes nothing, so its answer waits for the backup to catch up. */
public abstract class ReadProcessor<K, V, R> extends ProcessorBase<K, V, R> {
    @Override
    @SuppressWarnings("unchecked")
    public EntryProcessor<K, V, R> getBackupProcessor() {
        EntryProcessor<K, V, R> changed = super.getBackupProcessor();
        return changed != null ? changed : (EntryProcessor<K, V, R>) NoopBackup.INSTANCE;
    }
}
