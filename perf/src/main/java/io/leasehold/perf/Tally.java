package io.leasehold.perf;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.InstanceMetrics;
import io.leasehold.hazelcast.LeaseholdMetrics;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What can be counted of a handoff from outside, read at the start and the end of a measured window:
 * operations the members executed, the members' {@link LeaseholdMetrics#handoffs()}, Hazelcast's own
 * statistics of the handoff notice map (writes on the owners, events delivered to listeners), the
 * waiting instance's {@link InstanceMetrics#acquiredAfterWaiting()}, the requests a client sent, and
 * the voluntary context switches of every thread of this JVM (each is a thread that blocked and was
 * woken again: the members, the client and the load all run in this JVM).
 *
 * <p>{@link #take()} is handed to {@link Load#run} as its counter: Load calls it once as the measured
 * interval starts and once as it ends, and the deltas are read with {@link #delta}.
 */
final class Tally {

    /** The notice map (its name in the backend's {@code Maps.HANDOFFS}): one entry per waiting instance. */
    static final String NOTICE_MAP = "leasehold.handoffs";

    /** Counters, by name, at one instant. */
    record Snapshot(Map<String, Long> values) {
    }

    private final Topology topo;
    private final Leasehold instance;
    private final List<Snapshot> taken = new ArrayList<>();

    /**
     * @param instance the Leasehold instance whose waits are counted, or null (the baseline)
     */
    Tally(Topology topo, Leasehold instance) {
        this.topo = topo;
        this.instance = instance;
    }

    /** Records a snapshot of every counter; returns the members' executed operations (for {@link Load}). */
    long take() {
        Snapshot s = snapshot();
        synchronized (taken) {
            taken.add(s);
        }
        return s.values().get("member_ops");
    }

    /** Last snapshot minus first, per counter (-1 where a counter could not be read at either end). */
    Map<String, Long> delta() {
        Map<String, Long> out = new LinkedHashMap<>();
        synchronized (taken) {
            if (taken.size() < 2) {
                return out;
            }
            Snapshot a = taken.get(0);
            Snapshot b = taken.get(taken.size() - 1);
            a.values().forEach((k, v) -> {
                Long w = b.values().get(k);
                out.put(k, v < 0 || w == null || w < 0 ? -1 : w - v);
            });
        }
        return out;
    }

    private Snapshot snapshot() {
        Map<String, Long> v = new LinkedHashMap<>();
        v.put("member_ops", topo.memberOperations());
        long handoffs = 0;
        long noticeWrites = 0;
        long noticeEvents = 0;
        for (HazelcastInstance m : topo.members) {
            if (!m.getLifecycleService().isRunning()) {
                continue;
            }
            handoffs += LeaseholdMetrics.of(m).handoffs();
            noticeWrites += LeaseholdMetrics.of(m).noticesSent();
            // One notice map per instance (leasehold.handoffs.<tag>): sum them all.
            for (DistributedObject object : m.getDistributedObjects()) {
                if (object instanceof IMap<?, ?> map && object.getName().startsWith(NOTICE_MAP + ".")) {
                    LocalMapStats stats = map.getLocalMapStats();
                    noticeEvents += stats.getEventOperationCount();
                }
            }
        }
        v.put("handoffs", handoffs);
        v.put("notice_writes", noticeWrites);
        v.put("notice_events", noticeEvents);
        v.put("acquired_after_waiting", instance == null ? -1 : InstanceMetrics.of(instance).acquiredAfterWaiting());
        v.put("client_requests", topo.kind.client ? Topology.clientInvocations(topo.driver) : -1);
        v.put("context_switches", voluntaryContextSwitches());
        return new Snapshot(v);
    }

    /**
     * Voluntary context switches summed over this JVM's threads ({@code /proc/self/task/N/status}), or
     * -1 where there is no such file. A thread that ends between two readings takes its count with it,
     * so a delta can only undercount.
     */
    static long voluntaryContextSwitches() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        long total = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path task : dir) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException | NumberFormatException e) {
                    // the thread ended while we read: its count is gone either way
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }
}
