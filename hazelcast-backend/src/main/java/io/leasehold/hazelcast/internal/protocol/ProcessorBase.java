package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.SerializationIds;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Common plumbing: the member service, and what changed for the backup. A multi-key processor
 * object is shared by every partition operation of a member (Hazelcast hands the same instance to
 * each), so its changes are recorded per partition thread: each partition operation runs its keys,
 * then asks for its backup, on one thread and without interleaving, so the backup of a partition
 * carries that partition's changes only.
 */
public abstract class ProcessorBase<K, V, R> implements EntryProcessor<K, V, R>, IdentifiedDataSerializable,
        HazelcastInstanceAware {

    protected transient MemberPort service;
    /**
     * What the operation running on this thread changed, for its backup. One slot per thread,
     * shared by every processor (a ThreadLocal per processor object would be made, and left in
     * the thread's map, on every call): the ledger names the processor it belongs to. A multi-key
     * processor object is shared by the partition operations of a member, each on its partition's
     * thread, so each thread keeps that operation's own changes.
     */
    private static final ThreadLocal<Ledger<?, ?>> LEDGERS = new ThreadLocal<>();

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.service = MemberPort.of(hz);
    }

    void store(Map.Entry<K, V> entry, V value) {
        entry.setValue(value);
        ledger().changes.put(entry.getKey(), value);
    }

    /**
     * Stores {@code value} on the primary only: this operation sends no backup for it (a later change
     * of the same entry sends the whole value, this one included). For a change the cluster can lose
     * with the primary without harm, because its owner checks for it by itself (a waiter joining a
     * queue: it re-checks its standing when the membership changes, and queues again if it is gone).
     */
    void storeOnPrimary(Map.Entry<K, V> entry, V value) {
        entry.setValue(value);
    }

    void delete(Map.Entry<K, V> entry) {
        entry.setValue(null);
        ledger().changes.put(entry.getKey(), null);
    }

    /**
     * Sends the entry's current value to the backups again, unchanged on the primary. For a
     * retry that finds its own effect already applied (a grant, an acquire, a release whose
     * first try's backups did not acknowledge) and for a read that tells a caller it holds
     * something: the answer then waits for the backups to hold the same, so a crash of the
     * primary cannot take back what the caller was told.
     */
    void reaffirm(Map.Entry<K, V> entry) {
        ledger().changes.put(entry.getKey(), entry.getValue());
    }

    private Ledger<K, V> ledger() {
        Ledger<K, V> l = current();
        if (l == null || l.sealed) {
            l = new Ledger<>(this);
            LEDGERS.set(l);
        }
        return l;
    }

    /** This processor's ledger on this thread, if the last one made here is its own. */
    @SuppressWarnings("unchecked")
    private Ledger<K, V> current() {
        Ledger<?, ?> l = LEDGERS.get();
        return l != null && l.owner == this ? (Ledger<K, V>) l : null;
    }

    /** True for processors sent with executeOnKeys: their backup must say which key gets what. */
    boolean multiKey() {
        return false;
    }

    @Override
    public EntryProcessor<K, V, R> getBackupProcessor() {
        Ledger<K, V> l = current();
        if (l == null || l.changes.isEmpty()) {
            return null;
        }
        // Hazelcast asks more than once per operation (shouldBackup, then getBackupOperation):
        // the ledger is sealed, not cleared, and the next operation on this thread starts a new one.
        l.sealed = true;
        if (!multiKey()) {
            @SuppressWarnings("unchecked")
            EntryProcessor<K, V, R> single = (EntryProcessor<K, V, R>) new SetBackup<K, V>(
                    l.changes.values().iterator().next());
            return single;
        }
        Map<K, V> puts = new HashMap<>();
        Set<K> removes = new HashSet<>();
        l.changes.forEach((k, v) -> {
            if (v == null) {
                removes.add(k);
            } else {
                puts.put(k, v);
            }
        });
        @SuppressWarnings("unchecked")
        EntryProcessor<K, V, R> multi = (EntryProcessor<K, V, R>) new MultiSetBackup<>(puts, removes);
        return multi;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }
}
