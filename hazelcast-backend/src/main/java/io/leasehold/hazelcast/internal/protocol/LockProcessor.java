package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.LockReply;
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
