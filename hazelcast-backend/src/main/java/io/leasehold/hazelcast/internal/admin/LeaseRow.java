package io.leasehold.hazelcast.internal.admin;

import io.leasehold.hazelcast.internal.core.LeaseRecord;
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

/** A lease as a row: TTLs in milliseconds. */
public record LeaseRow(long id, long ttl, long remaining, long ownerTag, int keyCount) {
    static LeaseRow of(long id, LeaseRecord r, long now) {
        return new LeaseRow(id, r.ttl(), Math.max(0, r.deadline() - now), r.getOwnerTag(), r.keys().size());
    }
}
