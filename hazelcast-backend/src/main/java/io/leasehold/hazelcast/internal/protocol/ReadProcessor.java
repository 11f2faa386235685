package io.leasehold.hazelcast.internal.protocol;

import com.hazelcast.map.EntryProcessor;

/** A read: its backup changes nothing, so its answer waits for the backup to catch up. */
public abstract class ReadProcessor<K, V, R> extends ProcessorBase<K, V, R> {
    @Override
    @SuppressWarnings("unchecked")
    public EntryProcessor<K, V, R> getBackupProcessor() {
        EntryProcessor<K, V, R> changed = super.getBackupProcessor();
        return changed != null ? changed : (EntryProcessor<K, V, R>) NoopBackup.INSTANCE;
    }
}
