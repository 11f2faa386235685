package io.leasehold.demo;

import io.leasehold.KeepAlive;
import io.leasehold.Lease;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdSettings;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Injects trouble on a fixed timeline: a stalled holder every 8 s from 1 s, a dying holder every
 * 8 s from 2 s (each only if it can play out before the end), and, if asked, a member terminated a
 * third of the way through.
 *
 * <p>A dying holder is a thread with a Leasehold of its own that locks under a short lease, stops
 * the lease's keep-alive and ends: no unlock, no close, as if its process had crashed. Nobody
 * releases the lock; the member that owns the lease revokes it once its TTL runs out.
 */
final class Trouble implements AutoCloseable {

    private static final long PERIOD_MILLIS = 8_000;

    private final DemoRun run;
    private final Side leaseholdSide;
    private final List<LeaseholdWorker> leaseholdWorkers;
    private final List<ImapWorker> imapWorkers;
    private final LeaseholdSettings settings;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-trouble");
        t.setDaemon(true);
        return t;
    });
    private final List<Thread> doomed = new CopyOnWriteArrayList<>();
    private final List<Leasehold> abandoned = new CopyOnWriteArrayList<>();
    private volatile String killedMember;
    private volatile double killedAtSeconds = Double.NaN;
    private volatile long acquisitionsAtKill;

    Trouble(DemoRun run, Side leaseholdSide, List<LeaseholdWorker> leaseholdWorkers, List<ImapWorker> imapWorkers,
            LeaseholdSettings settings) {
        this.run = run;
        this.leaseholdSide = leaseholdSide;
        this.leaseholdWorkers = leaseholdWorkers;
        this.imapWorkers = imapWorkers;
        this.settings = settings;
    }

    void start() {
        long durationMillis = run.options.durationSeconds * 1_000L;
        if (!run.options.noTrouble) {
            for (long at = 1_000; at + 4_000 <= durationMillis; at += PERIOD_MILLIS) {
                timer.schedule(this::stall, at, TimeUnit.MILLISECONDS);
            }
            int n = 0;
            for (long at = 2_000; at + 3_000 <= durationMillis; at += PERIOD_MILLIS) {
                int number = ++n;
                timer.schedule(() -> startDoomed(number), at, TimeUnit.MILLISECONDS);
            }
        }
        if (run.options.killMember) {
            timer.schedule(this::killMember, durationMillis / 3, TimeUnit.MILLISECONDS);
        }
    }

    String killedMember() {
        return killedMember;
    }

    double killedAtSeconds() {
        return killedAtSeconds;
    }

    long acquisitionsAtKill() {
        return acquisitionsAtKill;
    }

    private void stall() {
        leaseholdWorkers.get(ThreadLocalRandom.current().nextInt(leaseholdWorkers.size())).requestStall();
        if (!imapWorkers.isEmpty()) {
            imapWorkers.get(ThreadLocalRandom.current().nextInt(imapWorkers.size())).requestStall();
        }
    }

    private void startDoomed(int number) {
        Thread t = new Thread(() -> holdAndDie("doomed-" + number, number), "demo-doomed-" + number);
        t.setDaemon(true);
        doomed.add(t);
        t.start();
    }

    private void holdAndDie(String who, int slot) {
        try {
            Leasehold leasehold = HazelcastLeasehold.create(run.topology.endpoint(slot), settings);
            abandoned.add(leasehold);
            Lease lease = leasehold.lessor().grant(DemoSettings.TROUBLE_TTL);
            KeepAlive heartbeat = leasehold.lessor().keepAlive(lease.id());
            String lock = leaseholdSide.randomLock();
            Optional<LockHandle> got = leasehold.lock(lock).tryLock(lease.id(), Duration.ofSeconds(5));
            heartbeat.close();
            if (got.isEmpty()) {
                run.events.add("%s did not get %s in 5 s; no death this time", who, lock);
                leasehold.lessor().revoke(lease.id());
                return;
            }
            LockHandle hold = got.get();
            run.ownsLease(lease.id(), who);
            LockStats stats = leaseholdSide.stats(lock);
            stats.acquired(who, hold.fence());
            leaseholdSide.deaths.incrementAndGet();
            stats.died(new LockStats.Death(who, hold.fence(), System.nanoTime()));
            run.events.add("DEATH %s took %s and died holding it: no unlock, no close, "
                    + "its lease (TTL %.1f s) is renewed by nobody", who, stats.ref(hold.fence()),
                    DemoSettings.TROUBLE_TTL.toMillis() / 1e3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!run.stopping()) {
                run.events.add("%s could not take a lock: %s", who, e);
            }
        }
    }

    private void killMember() {
        acquisitionsAtKill = leaseholdSide.acquisitions();
        try {
            Optional<String> killed = run.topology.killOneMember();
            if (killed.isPresent()) {
                killedMember = killed.get();
                long now = System.nanoTime();
                killedAtSeconds = run.events.seconds(now);
                run.timeline.mark(Timeline.MarkKind.KILL, null, now, "member " + killedMember + " killed");
                run.events.add("KILL member %s terminated (no graceful shutdown); %d members left, the work goes on",
                        killedMember, run.topology.memberCount() - 1);
            } else {
                run.events.add("KILL no member could be terminated");
            }
        } catch (RuntimeException e) {
            run.events.add("KILL failed: %s", e);
        }
    }

    /** Stops the timeline, waits for dying holders to finish, and frees their instances. */
    @Override
    public void close() {
        timer.shutdownNow();
        for (Thread t : doomed) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (Leasehold l : abandoned) {
            try {
                l.close();
            } catch (RuntimeException ignored) {
                // its instance may be gone
            }
        }
    }
}
