package io.leasehold.hazelcast.internal.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the operation running on one thread changed, for its backup. */
final class Ledger<K, V> {
    final Object owner;
    final Map<K, V> changes = new LinkedHashMap<>();
    boolean sealed;

    Ledger(Object owner) {
        this.owner = owner;
    }
}
