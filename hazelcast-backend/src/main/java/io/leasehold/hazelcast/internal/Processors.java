package io.leasehold.hazelcast.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.ReadOnly;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Every state change of a lease or lock is one of these entry processors, run on the owner of the
 * key's partition. Each one loads the record, asks {@link LeaseDecisions} or {@link LockDecisions}
 * with the owner's clock, and stores the result. The backup is told the computed value
 * ({@link SetBackup}), never asked to decide again, so replicas cannot diverge.
 */
public final class Processors {

    private Processors() {
    }

    /** Common plumbing: the member service, and recording what changed for the backup. */
    abstract static class Base<K, V, R> implements EntryProcessor<K, V, R>, IdentifiedDataSerializable,
            HazelcastInstanceAware {

        transient MemberService service;
        // A multi-key processor object may be shared by several partition threads on a local call.
        private final transient Map<K, V> puts = new ConcurrentHashMap<>();
        private final transient Set<K> removes = ConcurrentHashMap.newKeySet();

        @Override
        public void setHazelcastInstance(HazelcastInstance hz) {
            this.service = MemberService.of(hz);
        }

        void store(Map.Entry<K, V> entry, V value) {
            entry.setValue(value);
            puts.put(entry.getKey(), value);
            removes.remove(entry.getKey());
        }

        void delete(Map.Entry<K, V> entry) {
            entry.setValue(null);
            removes.add(entry.getKey());
            puts.remove(entry.getKey());
        }

        /** True for processors sent with executeOnKeys: their backup must say which key gets what. */
        boolean multiKey() {
            return false;
        }

        @Override
        public EntryProcessor<K, V, R> getBackupProcessor() {
            if (puts.isEmpty() && removes.isEmpty()) {
                return null;
            }
            if (!multiKey()) {
                @SuppressWarnings("unchecked")
                EntryProcessor<K, V, R> single = (EntryProcessor<K, V, R>) new SetBackup<K, V>(
                        puts.isEmpty() ? null : puts.values().iterator().next());
                return single;
            }
            @SuppressWarnings("unchecked")
            EntryProcessor<K, V, R> multi = (EntryProcessor<K, V, R>) new MultiSetBackup<>(puts, removes);
            return multi;
        }

        @Override
        public int getFactoryId() {
            return LeaseholdSerialization.FACTORY_ID;
        }
    }

    // ------------------------------------------------------------------ leases

    /** Grants a lease under a fresh random id (the key). */
    public static final class Grant extends Base<Long, LeaseRecord, LeaseReply> {
        private long ttl;
        private long ownerTag;

        public Grant() {
        }

        public Grant(long ttl, long ownerTag) {
            this.ttl = ttl;
            this.ownerTag = ownerTag;
        }

        @Override
        public LeaseReply process(Map.Entry<Long, LeaseRecord> entry) {
            long now = service.now();
            Either<LeaseDecisions.Failure, LeaseRecord> r =
                    LeaseDecisions.grant(entry.getValue(), ttl, ownerTag, service.ttlPolicy(), now);
            if (r.isLeft()) {
                return LeaseReply.failed(r.getLeft(), null, now);
            }
            store(entry, r.get());
            service.expiry().track(entry.getKey(), r.get().deadline());
            return LeaseReply.ok(r.get(), now);
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.GRANT;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeLong(ttl);
            out.writeLong(ownerTag);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            ttl = in.readLong();
            ownerTag = in.readLong();
        }
    }

    /** Renews one lease or, sent with executeOnKeys, a batch of them in one request. */
    public static final class Renew extends Base<Long, LeaseRecord, LeaseReply> {
        private final transient AtomicBoolean counted = new AtomicBoolean();

        public Renew() {
        }

        @Override
        boolean multiKey() {
            return true;
        }

        @Override
        public LeaseReply process(Map.Entry<Long, LeaseRecord> entry) {
            if (counted.compareAndSet(false, true)) {
                service.countRenewRequest();
            }
            long now = service.now();
            Either<LeaseDecisions.Failure, LeaseRecord> r = LeaseDecisions.renew(entry.getValue(), now);
            if (r.isLeft()) {
                return LeaseReply.failed(r.getLeft(), entry.getValue(), now);
            }
            store(entry, r.get());
            service.expiry().track(entry.getKey(), r.get().deadline());
            return LeaseReply.ok(r.get(), now);
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.RENEW;
        }

        @Override
        public void writeData(ObjectDataOutput out) {
        }

        @Override
        public void readData(ObjectDataInput in) {
        }
    }

    /** Explicit revoke: removes the record whatever its deadline; the reply carries the attached keys. */
    public static final class Revoke extends Base<Long, LeaseRecord, LeaseReply> {

        public Revoke() {
        }

        @Override
        public LeaseReply process(Map.Entry<Long, LeaseRecord> entry) {
            long now = service.now();
            Either<LeaseDecisions.Failure, LeaseRecord> r = LeaseDecisions.revoke(entry.getValue());
            if (r.isLeft()) {
                return LeaseReply.failed(r.getLeft(), null, now);
            }
            delete(entry);
            service.expiry().untrack(entry.getKey());
            return LeaseReply.ok(r.get(), now);
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.REVOKE;
        }

        @Override
        public void writeData(ObjectDataOutput out) {
        }

        @Override
        public void readData(ObjectDataInput in) {
        }
    }

    /**
     * The revoker's batch revoke. Re-checks each deadline (and the grace the revoker applied), so a
     * stale heap entry, or a member that has just lost the partition, cannot revoke early.
     */
    public static final class RevokeExpired extends Base<Long, LeaseRecord, LeaseReply> {
        private Map<Long, Long> notBefore;

        public RevokeExpired() {
        }

        public RevokeExpired(Map<Long, Long> notBefore) {
            this.notBefore = new HashMap<>(notBefore);
        }

        @Override
        boolean multiKey() {
            return true;
        }

        @Override
        public LeaseReply process(Map.Entry<Long, LeaseRecord> entry) {
            long now = service.now();
            long bound = notBefore.getOrDefault(entry.getKey(), Long.MIN_VALUE);
            Either<LeaseDecisions.Failure, LeaseRecord> r =
                    LeaseDecisions.revokeIfExpired(entry.getValue(), bound, now);
            if (r.isLeft()) {
                return LeaseReply.failed(r.getLeft(), entry.getValue(), now);
            }
            delete(entry);
            service.expiry().untrack(entry.getKey());
            return LeaseReply.ok(r.get(), now);
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.REVOKE_EXPIRED;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeInt(notBefore.size());
            for (Map.Entry<Long, Long> e : notBefore.entrySet()) {
                out.writeLong(e.getKey());
                out.writeLong(e.getValue());
            }
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            int n = in.readInt();
            notBefore = new HashMap<>();
            for (int i = 0; i < n; i++) {
                notBefore.put(in.readLong(), in.readLong());
            }
        }
    }

    /** Attaches keys to a live lease, or detaches them. */
    public static final class Attach extends Base<Long, LeaseRecord, LeaseReply> {
        private List<String> keys;
        private boolean detach;

        public Attach() {
        }

        public Attach(List<String> keys, boolean detach) {
            this.keys = List.copyOf(keys);
            this.detach = detach;
        }

        @Override
        public LeaseReply process(Map.Entry<Long, LeaseRecord> entry) {
            long now = service.now();
            LeaseRecord current = entry.getValue();
            Either<LeaseDecisions.Failure, LeaseRecord> r = detach
                    ? LeaseDecisions.detach(current, keys, now)
                    : LeaseDecisions.attach(current, keys, now);
            if (r.isLeft()) {
                return LeaseReply.failed(r.getLeft(), current, now);
            }
            if (!r.get().equals(current)) {
                store(entry, r.get());
            }
            return LeaseReply.ok(r.get(), now);
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.ATTACH;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            Wire.writeStrings(out, keys);
            out.writeBoolean(detach);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            keys = Wire.readStrings(in, new ArrayList<>());
            detach = in.readBoolean();
        }
    }

    /** Reads a lease with the owner's clock (time-to-live, liveness checks). */
    public static final class LeaseRead extends Base<Long, LeaseRecord, LeaseReply> implements ReadOnly {

        public LeaseRead() {
        }

        @Override
        public LeaseReply process(Map.Entry<Long, LeaseRecord> entry) {
            long now = service.now();
            Either<LeaseDecisions.Failure, LeaseRecord> r = LeaseDecisions.live(entry.getValue(), now);
            return r.isLeft() ? LeaseReply.failed(r.getLeft(), entry.getValue(), now) : LeaseReply.ok(r.get(), now);
        }

        @Override
        public EntryProcessor<Long, LeaseRecord, LeaseReply> getBackupProcessor() {
            return null;
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.LEASE_READ;
        }

        @Override
        public void writeData(ObjectDataOutput out) {
        }

        @Override
        public void readData(ObjectDataInput in) {
        }
    }

    // ------------------------------------------------------------------ locks

    /** Acquire: grant, queue, or report the holder. */
    public static final class Acquire extends Base<String, LockRecord, LockReply> {
        private LockDecisions.AcquireRequest request;

        public Acquire() {
        }

        public Acquire(LockDecisions.AcquireRequest request) {
            this.request = request;
        }

        @Override
        public LockReply process(Map.Entry<String, LockRecord> entry) {
            long now = service.now();
            Either<LockDecisions.Refused, LockDecisions.Granted> r =
                    LockDecisions.acquire(entry.getValue(), request, now);
            if (r.isRight()) {
                if (r.get().changed()) {
                    store(entry, r.get().next());
                }
                return LockReply.of(LockReply.Code.GRANTED, r.get().next(), false);
            }
            LockDecisions.Refused refused = r.getLeft();
            LockRecord before = entry.getValue();
            if (refused.changed()) {
                store(entry, refused.next());
            }
            return LockReply.of(refused.queued() ? LockReply.Code.QUEUED : LockReply.Code.HELD,
                    refused.next(), refused.suspect()).handoff(before, refused.next(), request.holdId());
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.ACQUIRE;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeLong(request.holdId());
            out.writeLong(request.leaseId());
            out.writeLong(request.tag());
            out.writeLong(request.ttl());
            out.writeLong(request.waitMillis());
            out.writeLong(request.clearLease());
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            request = new LockDecisions.AcquireRequest(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                    in.readLong(), in.readLong());
        }
    }

    /** Release by the hold that owns the lock; the next live waiter gets it. */
    public static final class Release extends Base<String, LockRecord, LockReply> {
        private long holdId;

        public Release() {
        }

        public Release(long holdId) {
            this.holdId = holdId;
        }

        @Override
        public LockReply process(Map.Entry<String, LockRecord> entry) {
            Either<LockDecisions.NotHeld, LockRecord> r =
                    LockDecisions.release(entry.getValue(), holdId, service.now());
            if (r.isLeft()) {
                return LockReply.of(LockReply.Code.NOT_HELD, entry.getValue(), false);
            }
            LockRecord before = entry.getValue();
            if (r.get() != before) {
                store(entry, r.get());
            }
            return LockReply.of(LockReply.Code.RELEASED, r.get(), false).handoff(before, r.get(), holdId);
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.RELEASE;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeLong(holdId);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            holdId = in.readLong();
        }
    }

    /** After a revoke: releases the locks those leases still hold and drops their queued waiters. */
    public static final class ReleaseLeases extends Base<String, LockRecord, LockReply> {
        private Set<Long> leaseIds;

        public ReleaseLeases() {
        }

        public ReleaseLeases(Set<Long> leaseIds) {
            this.leaseIds = new HashSet<>(leaseIds);
        }

        @Override
        boolean multiKey() {
            return true;
        }

        @Override
        public LockReply process(Map.Entry<String, LockRecord> entry) {
            LockRecord before = entry.getValue();
            Option<LockRecord> r = LockDecisions.releaseLeases(before, leaseIds, service.now());
            if (r.isEmpty()) {
                return null;
            }
            store(entry, r.get());
            return LockReply.of(LockReply.Code.RELEASED, r.get(), false).handoff(before, r.get(), 0);
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.RELEASE_LEASES;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            Wire.writeLongs(out, leaseIds);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            leaseIds = Wire.readLongs(in, new HashSet<>());
        }
    }

    /** A waiter gives up: leaves the queue, or learns the lock was handed to it already (GRANTED). */
    public static final class Cancel extends Base<String, LockRecord, LockReply> {
        private long holdId;

        public Cancel() {
        }

        public Cancel(long holdId) {
            this.holdId = holdId;
        }

        @Override
        public LockReply process(Map.Entry<String, LockRecord> entry) {
            Either<Long, Option<LockRecord>> r = LockDecisions.cancel(entry.getValue(), holdId);
            if (r.isLeft()) {
                return LockReply.of(LockReply.Code.GRANTED, entry.getValue(), false);
            }
            r.get().forEach(next -> store(entry, next));
            return LockReply.of(LockReply.Code.CANCELLED, entry.getValue(), false);
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.CANCEL;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeLong(holdId);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            holdId = in.readLong();
        }
    }

    /** Reads a lock's holder. */
    public static final class LockRead extends Base<String, LockRecord, LockReply> implements ReadOnly {

        public LockRead() {
        }

        @Override
        public LockReply process(Map.Entry<String, LockRecord> entry) {
            LockRecord r = entry.getValue();
            if (r == null || !r.isHeld()) {
                return LockReply.of(LockReply.Code.FREE, r, false);
            }
            boolean suspect = Time.subtract(service.now(), r.acquiredAt()) >= r.holderTtl();
            return LockReply.of(LockReply.Code.HELD, r, suspect);
        }

        @Override
        public EntryProcessor<String, LockRecord, LockReply> getBackupProcessor() {
            return null;
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.LOCK_READ;
        }

        @Override
        public void writeData(ObjectDataOutput out) {
        }

        @Override
        public void readData(ObjectDataInput in) {
        }
    }
}
