package io.leasehold.hazelcast.internal;

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

/**
 * Every state change of a lease or lock is one of these entry processors, run on the owner of the
 * key's partition. Each one loads the record, asks {@link LeaseDecisions} or {@link LockDecisions}
 * with the owner's clock, and stores the result. The backup is told the computed value
 * ({@link SetBackup}, {@link MultiSetBackup}), never asked to decide again, so replicas cannot diverge.
 *
 * <p>Member-local side effects (the expiry heap, the lock index, handoff notices, the end-of-lease
 * broadcast) happen only here, on the primary, through {@link MemberService}.
 *
 * <p>Reads ({@link LeaseRead}, {@link LockRead}, {@link Standing}) are sent with a backup that changes
 * nothing: their answer comes back only once the backup has caught up with every earlier change of the
 * partition, so a read never shows a state that a primary crash could take back.
 */
public final class Processors {

    private Processors() {
    }

    /**
     * Common plumbing: the member service, and what changed for the backup. A multi-key processor
     * object is shared by every partition operation of a member (Hazelcast hands the same instance to
     * each), so its changes are recorded per partition thread: each partition operation runs its keys,
     * then asks for its backup, on one thread and without interleaving, so the backup of a partition
     * carries that partition's changes only.
     */
    abstract static class Base<K, V, R> implements EntryProcessor<K, V, R>, IdentifiedDataSerializable,
            HazelcastInstanceAware {

        transient MemberService service;
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
            this.service = MemberService.of(hz);
        }

        void store(Map.Entry<K, V> entry, V value) {
            entry.setValue(value);
            ledger().changes.put(entry.getKey(), value);
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
            return LeaseholdSerialization.FACTORY_ID;
        }
    }

    private static final class Ledger<K, V> {
        final Object owner;
        final Map<K, V> changes = new LinkedHashMap<>();
        boolean sealed;

        Ledger(Object owner) {
            this.owner = owner;
        }
    }

    /** A read: its backup changes nothing, so its answer waits for the backup to catch up. */
    abstract static class Read<K, V, R> extends Base<K, V, R> {
        @Override
        @SuppressWarnings("unchecked")
        public EntryProcessor<K, V, R> getBackupProcessor() {
            EntryProcessor<K, V, R> changed = super.getBackupProcessor();
            return changed != null ? changed : (EntryProcessor<K, V, R>) Noop.INSTANCE;
        }
    }

    /** Lease processors: the owner adopts a lease it finds untracked (it just became the owner). */
    abstract static class LeaseBase extends Base<Long, LeaseRecord, LeaseReply> {

        /**
         * The record, after adoption: a lease this owner does not track yet arrived by promotion or
         * migration, so its deadline is raised to at least now + grace (etcd's {@code Promote(extend)}),
         * unless it expired more than one TTL ago, and it is tracked from now on. Renewals during the grace succeed and contenders see it alive.
         */
        LeaseRecord adopted(Map.Entry<Long, LeaseRecord> entry, long now) {
            LeaseRecord r = entry.getValue();
            if (r == null || service.expiry().isTracked(entry.getKey())) {
                return r;
            }
            long graceUntil = Time.add(now, service.graceMillis());
            // Only a lease that ran out during the take-over (less than one TTL ago) gets the grace: one
            // that expired long before was dead already, and its holder knew it.
            if (r.deadline() < graceUntil && Time.subtract(now, r.deadline()) < r.ttl()) {
                r = r.withDeadline(graceUntil);
                store(entry, r);
            }
            service.expiry().trackIfAbsent(entry.getKey(), r.deadline());
            return r;
        }
    }

    /** The backup of a read: changes nothing. */
    public static final class Noop implements EntryProcessor<Object, Object, Object>, IdentifiedDataSerializable {
        static final Noop INSTANCE = new Noop();

        public Noop() {
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
            return LeaseholdSerialization.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.NOOP;
        }

        @Override
        public void writeData(ObjectDataOutput out) {
        }

        @Override
        public void readData(ObjectDataInput in) {
        }
    }

    // ------------------------------------------------------------------ leases

    /** Grants a lease under a fresh random id (the key). */
    public static final class Grant extends LeaseBase {
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
            if (r.get() == entry.getValue()) {
                reaffirm(entry); // a retry of this grant: its first try's backup may be missing
                return LeaseReply.brief(r.get(), now);
            }
            store(entry, r.get());
            service.expiry().track(entry.getKey(), r.get().deadline());
            service.countGrant();
            return LeaseReply.brief(r.get(), now);
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

    /** Renews one lease or, sent with executeOnKeys, a batch of them in one request. Constant-size reply. */
    public static final class Renew extends LeaseBase {
        private final transient AtomicBoolean counted = new AtomicBoolean();
        private boolean countRequest = true;

        public Renew() {
        }

        /** A renew that is part of a {@link RenewOnMember} request, which counts itself. */
        static Renew partOfRequest() {
            Renew r = new Renew();
            r.countRequest = false;
            return r;
        }

        @Override
        boolean multiKey() {
            return true;
        }

        @Override
        public LeaseReply process(Map.Entry<Long, LeaseRecord> entry) {
            if (countRequest && counted.compareAndSet(false, true)) {
                service.countRenewRequest();
            }
            long now = service.now();
            LeaseRecord current = adopted(entry, now);
            Either<LeaseDecisions.Failure, LeaseRecord> r = LeaseDecisions.renew(current, now);
            if (r.isLeft()) {
                return LeaseReply.failed(r.getLeft(), current, now);
            }
            store(entry, r.get());
            service.expiry().track(entry.getKey(), r.get().deadline());
            return LeaseReply.brief(r.get(), now);
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.RENEW;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeBoolean(countRequest);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            countRequest = in.readBoolean();
        }
    }

    /**
     * Explicit revoke: removes the record whatever its deadline, and tells every member the lease
     * ended (each frees the locks the lease holds in its own partitions).
     */
    public static final class Revoke extends LeaseBase {

        public Revoke() {
        }

        @Override
        public LeaseReply process(Map.Entry<Long, LeaseRecord> entry) {
            long now = service.now();
            Either<LeaseDecisions.Failure, LeaseRecord> r = LeaseDecisions.revoke(entry.getValue());
            if (r.isLeft()) {
                if (entry.getValue() == null) {
                    reaffirm(entry); // a retry of a revoke already applied: the backups must drop it too
                }
                return LeaseReply.failed(r.getLeft(), null, now);
            }
            delete(entry);
            service.expiry().untrack(entry.getKey());
            service.leaseEnded(entry.getKey());
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
    public static final class RevokeExpired extends LeaseBase {
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
            LeaseRecord current = adopted(entry, now);
            Either<LeaseDecisions.Failure, LeaseRecord> r = LeaseDecisions.revokeIfExpired(current, bound, now);
            if (r.isLeft()) {
                return LeaseReply.failed(r.getLeft(), current, now);
            }
            delete(entry);
            service.expiry().untrack(entry.getKey());
            service.leaseEnded(entry.getKey());
            return LeaseReply.brief(r.get(), now);
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
            int n = Wire.readCount(in, "revoke batch");
            notBefore = new HashMap<>();
            for (int i = 0; i < n; i++) {
                notBefore.put(in.readLong(), in.readLong());
            }
        }
    }

    /** Attaches keys to a live lease, or detaches them (etcd's meaning: metadata the lease carries). */
    public static final class Attach extends LeaseBase {
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
            LeaseRecord current = adopted(entry, now);
            Either<LeaseDecisions.Failure, LeaseRecord> r = detach
                    ? LeaseDecisions.detach(current, keys, now)
                    : LeaseDecisions.attach(current, keys, now);
            if (r.isLeft()) {
                return LeaseReply.failed(r.getLeft(), current, now);
            }
            if (!r.get().equals(current)) {
                store(entry, r.get());
            } else {
                reaffirm(entry); // nothing to change, perhaps a retry: its first try's backup may be missing
            }
            return LeaseReply.brief(r.get(), now);
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

    /** Reads a lease with the owner's clock (time-to-live, liveness checks). {@code withKeys} for timeToLive. */
    public static final class LeaseRead extends LeaseBase {
        private boolean withKeys;

        public LeaseRead() {
        }

        public LeaseRead(boolean withKeys) {
            this.withKeys = withKeys;
        }

        /** Sent with submitToKeys by the keep-alive: its backup must say which key gets what. */
        @Override
        boolean multiKey() {
            return true;
        }

        @Override
        public LeaseReply process(Map.Entry<Long, LeaseRecord> entry) {
            long now = service.now();
            LeaseRecord current = adopted(entry, now);
            Either<LeaseDecisions.Failure, LeaseRecord> r = LeaseDecisions.live(current, now);
            if (r.isLeft()) {
                return LeaseReply.failed(r.getLeft(), current, now);
            }
            // The holder's validity will follow this deadline: the backups must have it too.
            reaffirm(entry);
            return withKeys ? LeaseReply.ok(r.get(), now) : LeaseReply.brief(r.get(), now);
        }

        @Override
        @SuppressWarnings("unchecked")
        public EntryProcessor<Long, LeaseRecord, LeaseReply> getBackupProcessor() {
            EntryProcessor<Long, LeaseRecord, LeaseReply> changed = super.getBackupProcessor();
            return changed != null ? changed : (EntryProcessor<Long, LeaseRecord, LeaseReply>) (Object) Noop.INSTANCE;
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.LEASE_READ;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeBoolean(withKeys);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            withKeys = in.readBoolean();
        }
    }

    // ------------------------------------------------------------------ locks

    /** Lock processors: every change goes through {@link #changed}, which keeps the member's books. */
    abstract static class LockBase extends Base<String, LockRecord, LockReply> {

        /** Stores {@code after}; the same record again (a retry already applied) is sent to the backups again. */
        void changed(Map.Entry<String, LockRecord> entry, LockRecord before, LockRecord after, long callerHold) {
            if (after == before) {
                reaffirm(entry);
                return;
            }
            if (after == null) {
                delete(entry);
            } else {
                store(entry, after);
            }
            service.lockChanged(entry.getKey(), before, after, callerHold);
        }
    }

    /** Acquire: grant, queue, or report the holder. */
    public static final class Acquire extends LockBase {
        private LockDecisions.AcquireRequest request;

        public Acquire() {
        }

        public Acquire(LockDecisions.AcquireRequest request) {
            this.request = request;
        }

        @Override
        public LockReply process(Map.Entry<String, LockRecord> entry) {
            long now = service.now();
            LockRecord before = entry.getValue();
            boolean ended = service.hasEnded(request.leaseId());
            Either<LockDecisions.Refused, LockDecisions.Granted> r = LockDecisions.acquire(before, request, ended, now);
            LockRecord after = r.isRight() ? r.get().next() : r.getLeft().next();
            if (r.isRight() ? r.get().changed() : r.getLeft().changed()) {
                changed(entry, before, after, request.holdId());
            } else if (r.isRight()) {
                reaffirm(entry); // a retry that finds the lock ours: its first try's backup may be missing
            }
            // The index was written first (above), the end-of-lease set is read now; the broadcast
            // writes that set first and reads the index after. So either this sees the end, or the
            // broadcast sees this record: a lock is never left to a lease that ended meanwhile.
            if (!ended && service.hasEnded(request.leaseId())) {
                LockRecord undone = LockDecisions.releaseLeases(after, Set.of(request.leaseId()), now).getOrElse(after);
                changed(entry, after, undone, request.holdId());
                return LockReply.of(LockReply.Code.LEASE_ENDED, undone, false, request.holdId());
            }
            if (r.isRight()) {
                service.countAcquired();
                return LockReply.of(LockReply.Code.GRANTED, after, false, request.holdId());
            }
            LockDecisions.Refused refused = r.getLeft();
            LockReply.Code code = refused.leaseEnded() ? LockReply.Code.LEASE_ENDED
                    : refused.queued() ? LockReply.Code.QUEUED : LockReply.Code.HELD;
            return LockReply.of(code, after, refused.suspect(), request.holdId());
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

    /** Release by the hold that owns the lock; the next live waiter gets it, inside this operation. */
    public static final class Release extends LockBase {
        private long holdId;

        public Release() {
        }

        public Release(long holdId) {
            this.holdId = holdId;
        }

        @Override
        public LockReply process(Map.Entry<String, LockRecord> entry) {
            LockRecord before = entry.getValue();
            Either<LockDecisions.NotHeld, LockRecord> r = LockDecisions.release(before, holdId, service.now());
            if (r.isLeft()) {
                return LockReply.of(LockReply.Code.NOT_HELD, before, false, holdId);
            }
            changed(entry, before, r.get(), holdId);
            return LockReply.of(LockReply.Code.RELEASED, r.get(), false, holdId);
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

    /** Force release by an operator: the holder loses the lock and the fence moves on. */
    public static final class ForceRelease extends LockBase {

        public ForceRelease() {
        }

        @Override
        public LockReply process(Map.Entry<String, LockRecord> entry) {
            LockRecord before = entry.getValue();
            Option<LockRecord> r = LockDecisions.forceRelease(before, service.now());
            if (r.isEmpty()) {
                return LockReply.of(LockReply.Code.NOT_HELD, before, false);
            }
            changed(entry, before, r.get(), 0);
            return LockReply.of(LockReply.Code.RELEASED, r.get(), false);
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.FORCE_RELEASE;
        }

        @Override
        public void writeData(ObjectDataOutput out) {
        }

        @Override
        public void readData(ObjectDataInput in) {
        }
    }

    /** After a lease ended: releases the locks those leases still hold and drops their queued waiters. */
    public static final class ReleaseLeases extends LockBase {
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
            changed(entry, before, r.get(), 0);
            return LockReply.of(LockReply.Code.RELEASED, r.get(), false);
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
    public static final class Cancel extends LockBase {
        private long holdId;

        public Cancel() {
        }

        public Cancel(long holdId) {
            this.holdId = holdId;
        }

        @Override
        public LockReply process(Map.Entry<String, LockRecord> entry) {
            LockRecord before = entry.getValue();
            Either<Long, Option<LockRecord>> r = LockDecisions.cancel(before, holdId);
            if (r.isLeft()) {
                reaffirm(entry); // the handoff that made it ours may not have reached the backups
                return LockReply.of(LockReply.Code.GRANTED, before, false, holdId);
            }
            if (r.get().isDefined()) {
                changed(entry, before, r.get().get(), holdId);
            } else {
                reaffirm(entry); // not queued, perhaps a retry: the backups must not keep the waiter either
            }
            return LockReply.of(LockReply.Code.CANCELLED, entry.getValue(), false, holdId);
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

    /** Removes idle records whose fence a re-created record would start above (the sweeper's batch). */
    public static final class RemoveIdle extends LockBase {
        private long skewMillis;

        public RemoveIdle() {
        }

        public RemoveIdle(long skewMillis) {
            this.skewMillis = skewMillis;
        }

        @Override
        boolean multiKey() {
            return true;
        }

        @Override
        public LockReply process(Map.Entry<String, LockRecord> entry) {
            LockRecord before = entry.getValue();
            long now = service.now();
            if (LockDecisions.removable(before, now, skewMillis)) {
                changed(entry, before, null, 0);
                service.countRemoved();
            } else if (LockDecisions.idle(before)) {
                service.idleLater(entry.getKey(), before.fence());
            }
            return null;
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.REMOVE_IDLE;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeLong(skewMillis);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            skewMillis = in.readLong();
        }
    }

    /** A waiter's own check: where its hold stands (holding, queued, neither) and who holds the lock. */
    public static final class Standing extends Read<String, LockRecord, LockReply> {
        private long holdId;

        public Standing() {
        }

        public Standing(long holdId) {
            this.holdId = holdId;
        }

        @Override
        public LockReply process(Map.Entry<String, LockRecord> entry) {
            LockRecord r = entry.getValue();
            LockDecisions.Standing s = LockDecisions.standing(r, holdId);
            boolean suspect = r != null && r.isHeld() && Time.subtract(service.now(), r.acquiredAt()) >= r.holderTtl();
            if (s == LockDecisions.Standing.HOLDING) {
                reaffirm(entry); // the waiter will take the lock as its own: the backups must say so too
            }
            LockReply.Code code = switch (s) {
                case HOLDING -> LockReply.Code.GRANTED;
                case QUEUED -> LockReply.Code.QUEUED;
                case ABSENT -> r != null && r.isHeld() ? LockReply.Code.HELD : LockReply.Code.FREE;
            };
            return LockReply.of(code, r, suspect, holdId);
        }

        @Override
        public int getClassId() {
            return LeaseholdSerialization.STANDING;
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
    public static final class LockRead extends Read<String, LockRecord, LockReply> {

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
