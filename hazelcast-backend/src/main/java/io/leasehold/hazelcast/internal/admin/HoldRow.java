package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.PermitHold;
import io.leasehold.hazelcast.internal.core.Time;

import java.util.ArrayList;
import java.util.List;

/**
 * A record of the holds map as a row: its key ({@code semaphore/…} or {@code rwlock/…}), permit count,
 * permits free, queued waiters and its holds, each with its held-for in milliseconds by the owner's clock.
 */
public record HoldRow(String key, long limit, long available, int waiters, List<Hold> holds) {

    /** One hold of the row. */
    public record Hold(long holdId, long leaseId, long tag, long count, boolean exclusive, long fence, long heldFor) {
    }

    public HoldRow {
        holds = List.copyOf(holds);
    }

    static HoldRow of(String key, HoldRecord r, long now) {
        List<Hold> holds = new ArrayList<>(r.holds().size());
        for (PermitHold h : r.holds()) {
            holds.add(new Hold(h.holdId(), h.leaseId(), h.tag(), h.count(), h.exclusive(), h.fence(),
                    Math.max(0, Time.subtract(now, h.acquiredAt()))));
        }
        return new HoldRow(key, r.limit(), r.available(), r.waiters().size(), holds);
    }

    /** True when the record is worth listing: someone holds or waits on it. */
    static boolean listed(HoldRecord r) {
        return r != null && (!r.holds().isEmpty() || !r.waiters().isEmpty());
    }
}
