package io.leasehold.demo;

import io.leasehold.LeaseException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** What every thread of one run shares: the event log, who owns which lease, and the stop signal. */
final class DemoRun {

    final EventLog events;
    final Timeline timeline;
    final Topology topology;
    final DemoOptions options;
    private final Map<Long, String> leaseOwners = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    DemoRun(EventLog events, Topology topology, DemoOptions options) {
        this.events = events;
        this.timeline = new Timeline(events.startNanos());
        this.topology = topology;
        this.options = options;
    }

    boolean stopping() {
        return stopping;
    }

    void stop() {
        stopping = true;
    }

    void ownsLease(long leaseId, String worker) {
        leaseOwners.put(leaseId, worker);
    }

    /** The worker that holds a lease, for the live view; the lease in hex when unknown. */
    String ownerOf(long leaseId) {
        String owner = leaseOwners.get(leaseId);
        return owner != null ? owner : LeaseException.format(leaseId);
    }
}
