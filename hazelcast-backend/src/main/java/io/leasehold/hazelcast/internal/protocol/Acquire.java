package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LockDecisions;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.vavr.control.Either;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/** Acquire: grant, queue, or report the holder. */
public final class Acquire extends LockProcessor {
    private LockDecisions.AcquireRequest request;

    public Acquire() {
    }

    public Acquire(LockDecisions.AcquireRequest request) {
        this.request = request;
    }

    @Override
    public LockReply process(Map.Entry<String, LockRecord> entry) {
        long now = service.now();
        LockRecord original = entry.getValue();
        LockRecord before = releaseCarried(entry, clearEnded(entry, now), now);
        boolean ended = service.hasEnded(request.leaseId());
        Either<LockDecisions.Refused, LockDecisions.Granted> r = LockDecisions.acquire(before, request, ended, now);
        LockDecisions.Outcome outcome = r.fold(refused -> refused, granted -> granted);
        LockRecord after = outcome.next();
        if (outcome.changed() && before == original && request.clearLease() == 0
                && outcome instanceof LockDecisions.Refused refused && refused.queued()) {
            queued(entry, before, after, request.holdId()); // nothing changed but the queue: no backup
        } else if (outcome.changed()) {
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
        return r.fold(
                refused -> LockReply.of(refused.leaseEnded() ? LockReply.Code.LEASE_ENDED
                        : refused.queued() ? LockReply.Code.QUEUED : LockReply.Code.HELD,
                        after, refused.suspect(), request.holdId()),
                granted -> {
                    service.countAcquired();
                    return LockReply.of(LockReply.Code.GRANTED, after, false, request.holdId());
                });
    }

    /** The requester's own release this acquire carries, applied first if it has not arrived yet. */
    private LockRecord releaseCarried(Map.Entry<String, LockRecord> entry, LockRecord current, long now) {
        LockRecord released = LockDecisions.releaseCarried(current, request.afterRelease(), now);
        if (released != current) {
            changed(entry, current, released, request.afterRelease());
        }
        return released;
    }

    @Override
    public int getClassId() {
        return SerializationIds.ACQUIRE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeLong(request.holdId());
        out.writeLong(request.leaseId());
        out.writeLong(request.tag());
        out.writeLong(request.ttl());
        out.writeLong(request.waitMillis());
        out.writeLong(request.clearLease());
        out.writeLong(request.afterRelease());
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        request = new LockDecisions.AcquireRequest(in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                in.readLong(), in.readLong(), in.readLong());
    }
}
