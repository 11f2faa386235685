package io.leasehold.perf;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.leasehold.LeaseLock;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdSettings;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Scenario 6: a client holding a lock dies (its Hazelcast client is terminated, nothing is released
 * or revoked); another holder is already waiting for the lock. Measured: from the kill until the
 * waiter has the lock, and that time minus what was left of the dead holder's lease (or lock lease
 * time, for IMap) at the kill, i.e. the lag after the deadline.
 *
 * <p>Leasehold: the victim's session lease has a 2 s TTL, kept alive every third of it. IMap: the
 * victim takes {@code IMap.lock(key, 2 s)}. The waiter runs on the topology's driver instance.
 */
final class DeadClientScenario {

    private DeadClientScenario() {
    }

    static void run(Topology topo, Sizes sizes, Report report, String runId) throws Exception {
        Duration ttl = sizes.deadClientTtl();
        Duration patience = ttl.multipliedBy(5).plusSeconds(5);
        double worstFree = 0;
        double worstLag = Double.NEGATIVE_INFINITY;
        double sumFree = 0;
        try (Leasehold waiterSide = HazelcastLeasehold.create(topo.driver)) {
            for (int trial = 0; trial < sizes.deadClientTrials(); trial++) {
                String name = runId + "-dead-" + trial;
                HazelcastInstance victimHz = topo.newClient();
                Leasehold victim = HazelcastLeasehold.create(victimHz,
                        LeaseholdSettings.builder().sessionTtl(ttl).build());
                LockHandle held = victim.lock(name).tryLock().orElseThrow(
                        () -> new IllegalStateException("the victim could not take a free lock"));
                LeaseLock lock = waiterSide.lock(name);
                CompletableFuture<Long> acquiredAt = new CompletableFuture<>();
                Thread waiter = new Thread(() -> {
                    try {
                        Optional<LockHandle> got = lock.tryLock(patience);
                        acquiredAt.complete(got.isPresent() ? System.nanoTime() : -1L);
                        got.ifPresent(LockHandle::unlock);
                    } catch (Throwable e) {
                        acquiredAt.completeExceptionally(e);
                    }
                }, "perf-dead-client-waiter");
                waiter.setDaemon(true);
                waiter.start();
                Topology.waitUntil(() -> lock.holder().map(h -> h.waiters() > 0).orElse(false), 30_000,
                        "the waiter to queue behind the victim");
                long remaining = waiterSide.lessor().timeToLive(held.leaseId()).remainingTtl().toMillis();
                long kill = System.nanoTime();
                victimHz.getLifecycleService().terminate();
                long got = acquiredAt.get(patience.toMillis() + 10_000, TimeUnit.MILLISECONDS);
                try {
                    victim.close();
                } catch (RuntimeException ignored) {
                    // its client is gone; nothing to clean up
                }
                if (got < 0) {
                    throw new IllegalStateException("the waiter did not get the dead client's lock within " + patience);
                }
                double free = (got - kill) / 1e6;
                worstFree = Math.max(worstFree, free);
                worstLag = Math.max(worstLag, free - remaining);
                sumFree += free;
            }
        }
        int trials = sizes.deadClientTrials();
        report.row("dead-client", topo.kind.label, Report.LEASEHOLD)
                .put("ttl_ms", ttl.toMillis())
                .put("free_after_kill_max_ms", worstFree)
                .put("free_after_kill_mean_ms", sumFree / trials)
                .put("free_after_deadline_max_ms", worstLag)
                .put("trials", trials)
                .headline("free_after_kill_max_ms")
                .note("kill = HazelcastInstance.terminate() of the holder's client; its session lease had "
                        + "TTL - (time since last renewal) left");
        imap(topo, sizes, report, runId);
    }

    private static void imap(Topology topo, Sizes sizes, Report report, String runId) throws Exception {
        Duration ttl = sizes.deadClientTtl();
        Duration patience = ttl.multipliedBy(5).plusSeconds(5);
        IMap<String, String> map = topo.driver.getMap("perf.imap-locks");
        double worstFree = 0;
        double worstLag = Double.NEGATIVE_INFINITY;
        double sumFree = 0;
        for (int trial = 0; trial < sizes.deadClientTrials(); trial++) {
            String name = runId + "-dead-imap-" + trial;
            HazelcastInstance victimHz = topo.newClient();
            IMap<String, String> victimMap = victimHz.getMap("perf.imap-locks");
            victimMap.lock(name, ttl.toMillis(), TimeUnit.MILLISECONDS);
            long lockedAt = System.nanoTime();
            CompletableFuture<Long> acquiredAt = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try {
                    boolean got = map.tryLock(name, patience.toMillis(), TimeUnit.MILLISECONDS);
                    acquiredAt.complete(got ? System.nanoTime() : -1L);
                    if (got) {
                        map.unlock(name);
                    }
                } catch (Throwable e) {
                    acquiredAt.completeExceptionally(e);
                }
            }, "perf-dead-client-imap-waiter");
            waiter.setDaemon(true);
            waiter.start();
            long kill = System.nanoTime();
            victimHz.getLifecycleService().terminate();
            long remaining = ttl.toMillis() - (kill - lockedAt) / 1_000_000;
            long got = acquiredAt.get(patience.toMillis() + 10_000, TimeUnit.MILLISECONDS);
            if (got < 0) {
                throw new IllegalStateException("the waiter did not get the dead client's IMap lock within " + patience);
            }
            double free = (got - kill) / 1e6;
            worstFree = Math.max(worstFree, free);
            worstLag = Math.max(worstLag, free - remaining);
            sumFree += free;
        }
        int trials = sizes.deadClientTrials();
        report.row("dead-client", topo.kind.label, Report.IMAP)
                .put("ttl_ms", ttl.toMillis())
                .put("free_after_kill_max_ms", worstFree)
                .put("free_after_kill_mean_ms", sumFree / trials)
                .put("free_after_deadline_max_ms", worstLag)
                .put("trials", trials)
                .headline("free_after_kill_max_ms")
                .note("IMap.lock(key, leaseTime = TTL) by the killed client");
    }
}
