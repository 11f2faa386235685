package io.leasehold.perf;

import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.KeepAlive;
import io.leasehold.Lease;
import io.leasehold.Leasehold;
import io.leasehold.Lessor;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.perf.Load.Measurement;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lease scenarios: grant + revoke pairs (next to the plain-{@code IMap} equivalent) and the keep-alive
 * of many leases.
 */
final class LeaseScenarios {

    /** Leases in flight at once when granting or revoking many. */
    static final int WINDOW = 1_000;

    private LeaseScenarios() {
    }

    /**
     * Grant + revoke pairs, back to back, on N threads ({@code Lessor.grant}, {@code Lessor.revoke}).
     * The plain-Hazelcast row next to it does what a hand-rolled lease on an {@code IMap} would:
     * {@code set(id, value, ttl)} + {@code delete(id)}, one operation each.
     */
    static void grantRevoke(Topology topo, Sizes sizes, Report report, String runId) throws InterruptedException {
        int threads = sizes.grantRevokeThreads();
        String scenario = "grant-revoke-" + threads + "t";
        Duration ttl = Duration.ofSeconds(10);
        try (Leasehold lh = HazelcastLeasehold.create(topo.driver)) {
            Lessor lessor = lh.lessor();
            Measurement m = Load.run(scenario, threads, sizes.warmup(), sizes.measure(), sizes.maxOps(),
                    topo::memberOperations, (t, random) -> {
                        long start = System.nanoTime();
                        Lease lease = lessor.grant(ttl);
                        lessor.revoke(lease.id());
                        return System.nanoTime() - start;
                    });
            pairRow(report.row(scenario, topo.kind.label, Report.LEASEHOLD), m)
                    .note("one pair = Lessor.grant(10 s) + Lessor.revoke");
        }
        com.hazelcast.map.IMap<Long, Long> map = topo.driver.getMap("perf.imap-leases");
        AtomicLong ids = new AtomicLong(System.nanoTime());
        Measurement m = Load.run(scenario + "-imap", threads, sizes.warmup(), sizes.measure(), sizes.maxOps(),
                topo::memberOperations, (t, random) -> {
                    long id = ids.incrementAndGet();
                    long start = System.nanoTime();
                    map.set(id, id, ttl.toMillis(), TimeUnit.MILLISECONDS);
                    map.delete(id);
                    return System.nanoTime() - start;
                });
        pairRow(report.row(scenario, topo.kind.label, Report.IMAP_LEASE), m)
                .note("one pair = IMap.set(id, v, ttl 10 s) + IMap.delete(id): a hand-rolled lease, for scale");
    }

    private static Report.Row pairRow(Report.Row row, Measurement m) {
        row.put("pairs_per_s", m.opsPerSecond())
                .latency("pair", m.latency())
                .put("member_ops_per_pair", m.ops() > 0 ? (double) m.counterDelta() / m.ops() : Double.NaN)
                .put("ops", m.ops())
                .headline("pairs_per_s");
        if (m.errors() > 0) {
            row.put("errors", m.errors()).note("first error: " + m.firstError());
        }
        return row;
    }

    /**
     * Grants N leases, keeps them all alive through one Leasehold instance, and over a window longer
     * than their TTL counts what goes to the members: client invocations (requests on the wire, when
     * the topology drives through a client) and member operations. Afterwards every lease must
     * still be alive; then they are revoked.
     */
    static void keepAlive(Topology topo, Sizes sizes, Report report) throws Exception {
        int n = sizes.keepAliveLeasesOn(topo.kind);
        Duration ttl = sizes.keepAliveTtl();
        try (Leasehold lh = HazelcastLeasehold.create(topo.driver)) {
            Lessor lessor = lh.lessor();
            // Each lease is kept alive right after its grant (a sync renew), 8 at a time, so none can
            // expire while the rest are still being granted.
            ConcurrentLinkedQueue<KeepAlive> started = new ConcurrentLinkedQueue<>();
            long startKeepAlive = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int p = 0; p < 8; p++) {
                    int count = n / 8 + (p < n % 8 ? 1 : 0);
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < count; i++) {
                            started.add(lessor.keepAlive(lessor.grant(ttl).id()));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            List<KeepAlive> keepAlives = new ArrayList<>(started);
            double startSeconds = (System.nanoTime() - startKeepAlive) / 1e9;

            // The window: at least the TTL, so every lease must have been renewed in it to survive.
            long window = Math.max(sizes.keepAliveWindow().toMillis(), ttl.toMillis() + 500);
            long invocations0 = Topology.clientInvocations(topo.driver);
            long ops0 = topo.memberOperations();
            long t0 = System.nanoTime();
            TimeUnit.MILLISECONDS.sleep(window);
            double seconds = (System.nanoTime() - t0) / 1e9;
            long ops = topo.memberOperations() - ops0;
            long invocations = Topology.clientInvocations(topo.driver) - invocations0;
            long active = keepAlives.stream().filter(KeepAlive::isActive).count();
            int onCluster = topo.driver.getMap(LeaseholdConfig.LEASES_MAP).size();

            Report.Row row = report.row("keepalive-" + n, topo.kind.label, Report.LEASEHOLD)
                    .put("leases", n)
                    .put("ttl_ms", ttl.toMillis())
                    .put("window_s", seconds)
                    .put("lease_renewals_needed_per_s", n / (ttl.toMillis() / 3.0 / 1000))
                    .put("member_ops_per_s", ops / seconds)
                    .put("leases_still_active", active)
                    .put("leases_on_cluster", onCluster)
                    .put("keepalive_start_s", startSeconds);
            if (topo.kind.client && invocations0 >= 0) {
                row.put("client_requests_per_s", invocations / seconds).headline("client_requests_per_s")
                        .note("client_requests_per_s = every request the client sent in the window (renew batches, "
                                + "plus heartbeats and nothing else from this instance)");
            } else {
                row.headline("member_ops_per_s").note("embedded: no wire between driver and members to count; "
                        + "member_ops_per_s counts every partition operation (renew fan-out + backups)");
            }
            // Let them expire rather than revoke them one by one (a revoke is a blocking call per lease),
            // and wait until they are gone so the next scenario starts from an empty map.
            keepAlives.forEach(KeepAlive::close);
            Topology.waitUntil(() -> topo.driver.getMap(LeaseholdConfig.LEASES_MAP).isEmpty(), ttl.toMillis() + 120_000,
                    "the kept-alive leases to expire");
        }
    }
}
