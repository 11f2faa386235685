package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.Time;
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

/** A held lock as a row: held-for in milliseconds. */
public record LockRow(String name, long fence, long holderLease, long holderTag, long heldFor, int waiters) {
    static LockRow of(String name, LockRecord r, long now) {
        return new LockRow(name, r.fence(), r.holderLease(), r.holderTag(),
                Math.max(0, Time.subtract(now, r.acquiredAt())), r.waiters().size());
    }
}
