package io.leasehold.hazelcast.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * The member-side half of {@link AdminImpl}: bounded pages of one partition, a lease's locks from the
 * member's {@link LockIndex}, reads with the owner's clock, and the force release that tells the old
 * holder. Replies carry lease ids, fences and session tags, never hold ids (a hold id is what a
 * release must present).
 */
final class AdminProcessors {

    /** The key attribute of Hazelcast queries. */
    private static final String KEY = "__key";

    private AdminProcessors() {
    }

    /** A lease as a row: TTLs in milliseconds. */
    record LeaseRow(long id, long ttl, long remaining, long ownerTag, int keyCount) {
        static LeaseRow of(long id, LeaseRecord r, long now) {
            return new LeaseRow(id, r.ttl(), Math.max(0, r.deadline() - now), r.getOwnerTag(), r.keys().size());
        }
    }

    /** A held lock as a row: held-for in milliseconds. */
    record LockRow(String name, long fence, long holderLease, long holderTag, long heldFor, int waiters) {
        static LockRow of(String name, LockRecord r, long now) {
            return new LockRow(name, r.fence(), r.holderLease(), r.holderTag(),
                    Math.max(0, Time.subtract(now, r.acquiredAt())), r.waiters().size());
        }
    }

    /** Lease rows, in key order; {@code more} says the partition (or query) has rows after the last. */
    public static final class LeaseRows implements IdentifiedDataSerializable {
        List<LeaseRow> rows = new ArrayList<>();
        boolean more;
        /** The attached keys (a single-lease read only). */
        List<String> keys = new ArrayList<>();

        public LeaseRows() {
        }

        @Override
        public int getFactoryId() {
            return LeaseholdSerialization.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.ADMIN_LEASE_ROWS;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeInt(rows.size());
            for (LeaseRow r : rows) {
                out.writeLong(r.id());
                out.writeLong(r.ttl());
                out.writeLong(r.remaining());
                out.writeLong(r.ownerTag());
                out.writeInt(r.keyCount());
            }
            out.writeBoolean(more);
            Wire.writeStrings(out, keys);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            int n = Wire.readCount(in, "admin lease rows");
            rows = new ArrayList<>(Math.min(n, 1024));
            for (int i = 0; i < n; i++) {
                rows.add(new LeaseRow(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readInt()));
            }
            more = in.readBoolean();
            keys = Wire.readStrings(in, new ArrayList<>(), "admin lease keys");
        }
    }

    /** Lock rows, in name order; {@code more} says there are rows after the last. */
    public static final class LockRows implements IdentifiedDataSerializable {
        List<LockRow> rows = new ArrayList<>();
        boolean more;

        public LockRows() {
        }

        @Override
        public int getFactoryId() {
            return LeaseholdSerialization.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.ADMIN_LOCK_ROWS;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeInt(rows.size());
            for (LockRow r : rows) {
                out.writeString(r.name());
                out.writeLong(r.fence());
                out.writeLong(r.holderLease());
                out.writeLong(r.holderTag());
                out.writeLong(r.heldFor());
                out.writeInt(r.waiters());
            }
            out.writeBoolean(more);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            int n = Wire.readCount(in, "admin lock rows");
            rows = new ArrayList<>(Math.min(n, 1024));
            for (int i = 0; i < n; i++) {
                rows.add(new LockRow(in.readString(), in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                        in.readInt()));
            }
            more = in.readBoolean();
        }
    }

    /** Common plumbing of the member tasks. */
    abstract static class Task<R> implements Callable<R>, IdentifiedDataSerializable, HazelcastInstanceAware {
        transient HazelcastInstance hz;

        @Override
        public void setHazelcastInstance(HazelcastInstance hz) {
            this.hz = hz;
        }

        @Override
        public int getFactoryId() {
            return LeaseholdSerialization.FACTORY_ID;
        }
    }

    /**
     * Up to {@code limit} leases of one partition with ids above {@code after}, in id order. Runs on
     * the partition's owner: a key-only query of that partition, then the values of the page only.
     */
    public static final class LeasePage extends Task<LeaseRows> {
        private String partitionKey;
        private boolean hasAfter;
        private long after;
        private int limit;

        public LeasePage() {
        }

        LeasePage(String partitionKey, Long after, int limit) {
            this.partitionKey = partitionKey;
            this.hasAfter = after != null;
            this.after = after == null ? 0 : after;
            this.limit = limit;
        }

        @Override
        public LeaseRows call() {
            IMap<Long, LeaseRecord> map = hz.getMap(Maps.LEASES);
            Predicate<Long, LeaseRecord> filter = hasAfter ? Predicates.greaterThan(KEY, after) : Predicates.alwaysTrue();
            TreeSet<Long> keys = new TreeSet<>(map.keySet(Predicates.partitionPredicate(partitionKey, filter)));
            LeaseRows out = new LeaseRows();
            List<Long> page = new ArrayList<>(Math.min(limit, keys.size()));
            for (Long id : keys) {
                if (page.size() == limit) {
                    out.more = true;
                    break;
                }
                page.add(id);
            }
            long now = MemberService.of(hz).now();
            Map<Long, LeaseRecord> values = map.getAll(new HashSet<>(page));
            for (Long id : page) {
                LeaseRecord r = values.get(id);
                if (r != null && !r.isExpired(now)) {
                    out.rows.add(LeaseRow.of(id, r, now));
                }
            }
            return out;
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.ADMIN_LEASE_PAGE;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(partitionKey);
            out.writeBoolean(hasAfter);
            out.writeLong(after);
            out.writeInt(limit);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            partitionKey = in.readString();
            hasAfter = in.readBoolean();
            after = in.readLong();
            limit = in.readInt();
        }
    }

    /**
     * Up to {@code limit} held locks of one partition with names above {@code after}, in name order.
     * Free records (released, not yet swept) are skipped. Runs on the partition's owner.
     */
    public static final class LockPage extends Task<LockRows> {
        private String partitionKey;
        private String after;
        private int limit;

        public LockPage() {
        }

        LockPage(String partitionKey, String after, int limit) {
            this.partitionKey = partitionKey;
            this.after = after;
            this.limit = limit;
        }

        @Override
        public LockRows call() {
            IMap<String, LockRecord> map = hz.getMap(Maps.LOCKS);
            Predicate<String, LockRecord> filter = after != null ? Predicates.greaterThan(KEY, after) : Predicates.alwaysTrue();
            List<String> keys = new ArrayList<>(new TreeSet<>(map.keySet(Predicates.partitionPredicate(partitionKey, filter))));
            long now = MemberService.of(hz).now();
            LockRows out = new LockRows();
            int chunk = Math.max(16, limit);
            for (int from = 0; from < keys.size(); from += chunk) {
                List<String> slice = keys.subList(from, Math.min(keys.size(), from + chunk));
                Map<String, LockRecord> values = map.getAll(new HashSet<>(slice));
                for (String name : slice) {
                    LockRecord r = values.get(name);
                    if (r == null || !r.isHeld()) {
                        continue;
                    }
                    if (out.rows.size() == limit) {
                        out.more = true;
                        return out;
                    }
                    out.rows.add(LockRow.of(name, r, now));
                }
            }
            return out;
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.ADMIN_LOCK_PAGE;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(partitionKey);
            out.writeString(after);
            out.writeInt(limit);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            partitionKey = in.readString();
            after = in.readString();
            limit = in.readInt();
        }
    }

    /**
     * The locks one lease holds in this member's partitions, from the member's lock index (no scan),
     * up to {@code limit}, in name order.
     */
    public static final class LocksOfLease extends Task<LockRows> {
        private long leaseId;
        private int limit;

        public LocksOfLease() {
        }

        LocksOfLease(long leaseId, int limit) {
            this.leaseId = leaseId;
            this.limit = limit;
        }

        @Override
        public LockRows call() {
            MemberService service = MemberService.of(hz);
            TreeSet<String> names = new TreeSet<>(service.lockNamesOf(leaseId));
            LockRows out = new LockRows();
            if (names.isEmpty()) {
                return out;
            }
            IMap<String, LockRecord> map = hz.getMap(Maps.LOCKS);
            Map<String, LockRecord> values = map.getAll(names);
            long now = service.now();
            for (String name : names) {
                LockRecord r = values.get(name);
                if (r != null && r.isHeld() && r.holderLease() == leaseId) {
                    if (out.rows.size() == limit) {
                        out.more = true;
                        break;
                    }
                    out.rows.add(LockRow.of(name, r, now));
                }
            }
            return out;
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.ADMIN_LOCKS_OF_LEASE;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeLong(leaseId);
            out.writeInt(limit);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            leaseId = in.readLong();
            limit = in.readInt();
        }
    }

    /** Reads one lease with the owner's clock (a read: waits for the backup to catch up). */
    public static final class ReadLease extends Processors.Read<Long, LeaseRecord, LeaseRows> {

        public ReadLease() {
        }

        @Override
        public LeaseRows process(Map.Entry<Long, LeaseRecord> entry) {
            LeaseRows out = new LeaseRows();
            LeaseRecord r = entry.getValue();
            long now = service.now();
            if (r != null && !r.isExpired(now)) {
                out.rows.add(LeaseRow.of(entry.getKey(), r, now));
                out.keys.addAll(r.keys());
            }
            return out;
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.ADMIN_READ_LEASE;
        }

        @Override
        public void writeData(ObjectDataOutput out) {
        }

        @Override
        public void readData(ObjectDataInput in) {
        }
    }

    /** Reads one lock with the owner's clock: a row if it is held, none if free. */
    public static final class ReadLock extends Processors.Read<String, LockRecord, LockRows> {

        public ReadLock() {
        }

        @Override
        public LockRows process(Map.Entry<String, LockRecord> entry) {
            LockRows out = new LockRows();
            LockRecord r = entry.getValue();
            if (r != null && r.isHeld()) {
                out.rows.add(LockRow.of(entry.getKey(), r, service.now()));
            }
            return out;
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.ADMIN_READ_LOCK;
        }

        @Override
        public void writeData(ObjectDataOutput out) {
        }

        @Override
        public void readData(ObjectDataInput in) {
        }
    }

    /**
     * {@link Processors.ForceRelease}, then a notice to the old holder's instance that its hold is lost
     * (by the hold's wake code and fence, never its id). The answer: rows of the old hold and, if the
     * lock went to a waiter, of the new one ({@code more} false and no rows: nobody held it).
     */
    public static final class ForceReleaseAndTell
            implements EntryProcessor<String, LockRecord, LockRows>, IdentifiedDataSerializable, HazelcastInstanceAware {

        private final transient Processors.ForceRelease release = new Processors.ForceRelease();
        private transient MemberService service;

        public ForceReleaseAndTell() {
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance hz) {
            release.setHazelcastInstance(hz);
            service = MemberService.of(hz);
        }

        @Override
        public LockRows process(Map.Entry<String, LockRecord> entry) {
            LockRecord before = entry.getValue();
            LockReply reply = release.process(entry);
            LockRows out = new LockRows();
            if (reply.code() != LockReply.Code.RELEASED) {
                return out;
            }
            long now = service.now();
            service.tellHolderLost(entry.getKey(), before);
            out.rows.add(LockRow.of(entry.getKey(), before, now));
            LockRecord after = entry.getValue();
            if (after != null && after.isHeld()) {
                out.rows.add(LockRow.of(entry.getKey(), after, now));
            }
            return out;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public EntryProcessor<String, LockRecord, LockRows> getBackupProcessor() {
            return (EntryProcessor) release.getBackupProcessor();
        }

        @Override
        public int getFactoryId() {
            return LeaseholdSerialization.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.ADMIN_FORCE_RELEASE;
        }

        @Override
        public void writeData(ObjectDataOutput out) {
        }

        @Override
        public void readData(ObjectDataInput in) {
        }
    }

    /** Keys of the {@code partitions} map: one String per partition id that hashes to it. */
    static String[] partitionKeys(com.hazelcast.partition.PartitionService partitions, int count) {
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
}
