package io.leasehold.hazelcast.internal.protocol;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The member clock a merge policy decides with. Hazelcast makes merge policies by class name and
 * hands them no instance, so each member registers its clock under its instance name, and a policy
 * finds it from the name of the partition thread it runs on ({@code hz.<instance>.partition-operation...}).
 * With no match (one member per JVM is the usual case: the only one registered is used) it falls
 * back to the system clock, which cluster time follows on one machine.
 */
public final class MergeClock {

    private static final Map<String, LongSupplier> CLOCKS = new ConcurrentHashMap<>();

    private MergeClock() {
    }

    public static void register(String instanceName, LongSupplier clock) {
        CLOCKS.put(instanceName, clock);
    }

    public static void unregister(String instanceName) {
        CLOCKS.remove(instanceName);
    }

    static long now() {
        String thread = Thread.currentThread().getName();
        LongSupplier best = null;
        int bestLength = -1;
        for (Map.Entry<String, LongSupplier> e : CLOCKS.entrySet()) {
            String prefix = "hz." + e.getKey() + ".";
            if (thread.startsWith(prefix) && prefix.length() > bestLength) {
                best = e.getValue();
                bestLength = prefix.length();
            }
        }
        if (best == null && CLOCKS.size() == 1) {
            best = CLOCKS.values().iterator().next();
        }
        return best != null ? best.getAsLong() : System.currentTimeMillis();
    }
}
