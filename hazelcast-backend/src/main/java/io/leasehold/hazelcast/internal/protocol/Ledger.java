package io.leasehold.hazelcast.internal.protocol;

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

/** What the operation running on one thread changed, for its backup. */
final class Ledger<K, V> {
    final Object owner;
    final Map<K, V> changes = new LinkedHashMap<>();
    boolean sealed;

    Ledger(Object owner) {
        this.owner = owner;
    }
}
