package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.HoldDecisions;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.HoldReply;

import java.util.Map;

/**
 * Processors of the {@code holds} map (semaphores and read-write locks): every change goes through
 * {@link #changed}, which keeps the member's books (its index by lease, the handoffs to waiters).
 */
public abstract class HoldProcessor extends ProcessorBase<String, HoldRecord, HoldReply> {

    /** Stores {@code after} (null removes the entry) and tells the member what changed. */
    void changed(Map.Entry<String, HoldRecord> entry, HoldRecord before, HoldRecord after, long callerHold) {
        if (after == null) {
            delete(entry);
        } else {
            store(entry, after);
        }
        service.holdsChanged(entry.getKey(), before, after, callerHold);
    }

    /**
     * Applies a decision: stores what changed, or, when nothing did but the caller is told it holds or
     * released something (a retry), sends the record to the backups again. Answers about the record kept.
     */
    HoldReply apply(Map.Entry<String, HoldRecord> entry, HoldDecisions.Decision d, long callerHold) {
        HoldRecord before = entry.getValue();
        if (d.changed()) {
            changed(entry, before, d.next(), callerHold);
            return HoldReply.of(d, d.next());
        }
        if (before != null && (d.code() == HoldDecisions.Code.GRANTED || d.code() == HoldDecisions.Code.RELEASED
                || d.code() == HoldDecisions.Code.DONE)) {
            reaffirm(entry); // a retry that finds its effect applied: its first try's backup may be missing
        }
        return HoldReply.of(d, before);
    }
}
