package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
import java.util.Map;

/** Lock processors: every change goes through {@link #changed}, which keeps the member's books. */
public abstract class LockProcessor extends ProcessorBase<String, LockRecord, LockReply> {

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
