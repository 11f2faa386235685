package io.leasehold.demo;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The same contender on Hazelcast's own {@code IMap.lock(key, leaseTime)}: the lease time plays
 * the part of the TTL, so a dead or paused holder's lock is released too, but nothing tells the
 * ledger that a holder is outdated. A stalled holder's late write goes through and overwrites the
 * increments made while it was paused: the ledger counts them as lost.
 */
final class ImapWorker implements Runnable {

    /** The map whose keys are locked; its values are never used. */
    static final String MAP = "leasehold-demo-imap-locks";

    private final String name;
    private final int slot;
    private final DemoRun run;
    private final Side side;
    private final long leaseMillis;
    private final AtomicBoolean stallRequested = new AtomicBoolean();
    private HazelcastInstance endpoint;

    ImapWorker(String name, int slot, DemoRun run, Side side, long leaseMillis) {
        this.name = name;
        this.slot = slot;
        this.run = run;
        this.side = side;
        this.leaseMillis = leaseMillis;
    }

    void requestStall() {
        stallRequested.set(true);
    }

    @Override
    public void run() {
        try {
            while (!run.stopping()) {
                try {
                    if (endpoint == null || !endpoint.getLifecycleService().isRunning()) {
                        endpoint = run.topology.endpoint(slot);
                    }
                    round(stallRequested.getAndSet(false));
                    Thread.sleep(DemoSettings.REST_MILLIS);
                } catch (RuntimeException e) {
                    if (!run.stopping()) {
                        side.failedRounds.incrementAndGet();
                        if (endpoint.getLifecycleService().isRunning()) {
                            run.events.add("%s: round failed: %s", name, e);
                        }
                        Thread.sleep(100);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void round(boolean stall) throws InterruptedException {
        IMap<String, String> map = endpoint.getMap(MAP);
        String lock = side.randomLock();
        long lease = stall ? DemoSettings.TROUBLE_TTL.toMillis() : leaseMillis;
        if (!map.tryLock(lock, DemoSettings.ACQUIRE_WAIT.toMillis(), TimeUnit.MILLISECONDS, lease, TimeUnit.MILLISECONDS)) {
            side.acquireTimeouts.incrementAndGet();
            if (stall) {
                stallRequested.set(true);
            }
            return;
        }
        side.stats(lock).acquired(name, 0);
        long start = System.nanoTime();
        Ledger.Reading read = side.ledger.read(lock, 0);
        if (stall) {
            side.stalls.incrementAndGet();
            run.timeline.mark(Timeline.MarkKind.STALL, lock, start, name + " pauses "
                    + DemoSettings.STALL.toMillis() / 1e3 + " s");
            run.events.add("STALL %s holds %s (IMap.lock, lease time %.1f s), read %d, then PAUSES %.1f s",
                    name, lock, lease / 1e3, read.balance(), DemoSettings.STALL.toMillis() / 1e3);
            Thread.sleep(DemoSettings.STALL.toMillis());
        } else {
            Thread.sleep(DemoSettings.THINK_MILLIS);
        }
        Ledger.Write w = side.ledger.increment(lock, 0, read);
        if (w.outcome() == Ledger.Outcome.LET_THROUGH_STALE) {
            side.stats(lock).letThroughWrites.incrementAndGet();
            run.timeline.mark(Timeline.MarkKind.LET_THROUGH, lock, System.nanoTime(),
                    "let through: " + w.overwritten() + " increment(s) lost");
            if (stall) {
                side.stalledWritesLetThrough.incrementAndGet();
            }
            run.events.add("%s %s wrote %s = %d with no fence: LET THROUGH, %d increment(s) made meanwhile lost",
                    stall ? "WOKE" : "STALE", name, lock, read.balance() + 1, w.overwritten());
        } else if (stall) {
            run.events.add("WOKE %s wrote %s = %d: accepted (nobody touched %s meanwhile)", name, lock,
                    read.balance() + 1, lock);
        }
        try {
            map.unlock(lock);
        } catch (IllegalMonitorStateException e) {
            if (stall) {
                run.events.add("%s: IMap unlock of %s fails: the lease time ran out during the pause", name, lock);
            }
        } finally {
            run.timeline.hold(lock, name, start, System.nanoTime(),
                    stall ? Timeline.HoldKind.STALLED : Timeline.HoldKind.NORMAL);
        }
    }
}
