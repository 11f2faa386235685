package io.leasehold.demo;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.KeepAlive;
import io.leasehold.Lease;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.LockNotHeldException;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdSettings;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A contender with its own Leasehold session: take a random lock, read-modify-write its ledger
 * account under the lock's fence, unlock, repeat.
 *
 * <p><b>The hard part: a stall that is really a pause.</b> A GC pause freezes the whole process,
 * heartbeat included, but a Leasehold keeps its session alive from a background thread that a
 * paused worker thread would not stop. So a stall round locks under a lease of its own, kept alive
 * only while the worker runs: at the pause it stops the keep-alive (the "heartbeat" freezes too),
 * sleeps past the lease's TTL, and then writes with the fence it had, as a paused process would.
 *
 * <p>When its Hazelcast instance goes away (a member terminated under it) the worker's session can
 * no longer be revoked or renewed, like a crashed process's: the cluster expires it and frees its
 * locks, and the worker starts again with a new Leasehold on a live instance.
 */
final class LeaseholdWorker implements Runnable {

    private final String name;
    private final int slot;
    private final DemoRun run;
    private final Side side;
    private final LeaseholdSettings settings;
    private final AtomicBoolean stallRequested = new AtomicBoolean();
    private HazelcastInstance endpoint;
    private Leasehold leasehold;

    LeaseholdWorker(String name, int slot, DemoRun run, Side side, LeaseholdSettings settings) {
        this.name = name;
        this.slot = slot;
        this.run = run;
        this.side = side;
        this.settings = settings;
    }

    String name() {
        return name;
    }

    /** Asks the worker to stall during its next hold. */
    void requestStall() {
        stallRequested.set(true);
    }

    @Override
    public void run() {
        try {
            while (!run.stopping()) {
                try {
                    connect();
                    if (stallRequested.getAndSet(false)) {
                        stallRound();
                    } else {
                        round();
                    }
                    Thread.sleep(DemoSettings.REST_MILLIS);
                } catch (RuntimeException e) {
                    recover(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly();
        }
    }

    private void connect() {
        if (leasehold != null && endpoint.getLifecycleService().isRunning()) {
            return;
        }
        if (leasehold != null) {
            run.events.add("%s lost its Hazelcast instance; its session lease is left to expire, reconnecting", name);
            // Nothing can reach the cluster through a terminated instance: closing only stops local threads.
            closeQuietly();
            leasehold = null;
        }
        endpoint = run.topology.endpoint(slot);
        leasehold = HazelcastLeasehold.create(endpoint, settings);
        leasehold.addLockLostListener((lock, fence, leaseId, reason) -> {
            side.lockLostNotices.incrementAndGet();
            run.timeline.mark(Timeline.MarkKind.LOCK_LOST, lock, System.nanoTime(), name + " told: may be lost");
            run.events.add("%s's Leasehold: %s may be lost: %s", name, side.stats(lock).ref(fence), reason);
        });
    }

    private void round() throws InterruptedException {
        String lock = side.randomLock();
        Optional<LockHandle> got = leasehold.lock(lock).tryLock(DemoSettings.ACQUIRE_WAIT);
        if (got.isEmpty()) {
            side.acquireTimeouts.incrementAndGet();
            return;
        }
        LockHandle hold = got.get();
        long start = System.nanoTime();
        try {
            acquired(hold);
            Ledger.Reading read = side.ledger.read(lock, hold.fence());
            if (!read.accepted()) {
                run.events.add("%s: ledger refused a stale read with %s (it has seen %s)", name,
                        fence(lock, hold.fence()), fence(lock, read.highestFence()));
                return;
            }
            Thread.sleep(DemoSettings.THINK_MILLIS);
            write(lock, hold.fence(), read, false);
        } finally {
            unlock(hold, false);
            run.timeline.hold(lock, name, start, System.nanoTime(), Timeline.HoldKind.NORMAL);
        }
    }

    private void stallRound() throws InterruptedException {
        String lock = side.randomLock();
        Lease lease = leasehold.lessor().grant(DemoSettings.TROUBLE_TTL);
        KeepAlive heartbeat = leasehold.lessor().keepAlive(lease.id());
        try {
            Optional<LockHandle> got = leasehold.lock(lock).tryLock(lease.id(), DemoSettings.ACQUIRE_WAIT);
            if (got.isEmpty()) {
                stallRequested.set(true); // try again next round
                return;
            }
            LockHandle hold = got.get();
            long start = System.nanoTime();
            acquired(hold);
            Ledger.Reading read = side.ledger.read(lock, hold.fence());
            side.stalls.incrementAndGet();
            run.timeline.mark(Timeline.MarkKind.STALL, lock, start, name + " pauses "
                    + DemoSettings.STALL.toMillis() / 1e3 + " s");
            run.events.add("STALL %s holds %s (valid=%s), read %d, then PAUSES %.1f s "
                            + "(a GC pause: its heartbeat stops too; lease TTL %.1f s)",
                    name, fence(lock, hold.fence()), hold.isValid(), read.balance(), DemoSettings.STALL.toMillis() / 1e3,
                    DemoSettings.TROUBLE_TTL.toMillis() / 1e3);
            heartbeat.close();
            Thread.sleep(DemoSettings.STALL.toMillis());
            Ledger.Write w = write(lock, hold.fence(), read, true);
            run.timeline.hold(lock, name, start, System.nanoTime(), Timeline.HoldKind.STALLED);
            if (w.outcome() == Ledger.Outcome.REFUSED_STALE) {
                side.stalledWritesRefused.incrementAndGet();
            }
            unlock(hold, true);
        } finally {
            heartbeat.close();
        }
    }

    private void acquired(LockHandle hold) {
        run.ownsLease(hold.leaseId(), name);
        LockStats.Reclaim r = side.stats(hold.lockName()).acquired(name, hold.fence());
        if (r != null) {
            long now = System.nanoTime();
            run.timeline.hold(hold.lockName(), r.deadHolder(), r.diedAtNanos(), now, Timeline.HoldKind.DIED);
            run.timeline.mark(Timeline.MarkKind.RECLAIM, hold.lockName(), now,
                    String.format(java.util.Locale.ROOT, "reclaimed after %.2f s", r.millis() / 1e3));
            run.events.add("RECLAIM %s free again %.2f s after %s died holding it, without anyone's help: "
                    + "%s took it with %s (> %s)", hold.lockName(), r.millis() / 1e3, r.deadHolder(), name,
                    fence(hold.lockName(), r.newFence()), fence(hold.lockName(), r.deadFence()));
        }
    }

    private Ledger.Write write(String lock, long fence, Ledger.Reading read, boolean afterStall) {
        Ledger.Write w = side.ledger.increment(lock, fence, read);
        if (w.outcome() == Ledger.Outcome.REFUSED_STALE) {
            side.stats(lock).refusedWrites.incrementAndGet();
            run.timeline.mark(Timeline.MarkKind.REFUSED, lock, System.nanoTime(), "write refused: #"
                    + fence(lock, fence).relative() + " < #" + fence(lock, w.highestFence()).relative());
            run.events.add("%s %s wrote %s = %d with %s: REFUSED by the ledger, which has seen %s "
                    + "(no lost update)", afterStall ? "WOKE" : "STALE", name, lock, read.balance() + 1,
                    fence(lock, fence), fence(lock, w.highestFence()));
        } else if (afterStall) {
            run.events.add("WOKE %s wrote %s = %d with %s: accepted (nobody touched %s meanwhile)",
                    name, lock, read.balance() + 1, fence(lock, fence), lock);
        }
        return w;
    }

    private EventLog.FenceRef fence(String lock, long fence) {
        return side.stats(lock).ref(fence);
    }

    private void unlock(LockHandle hold, boolean expectLost) {
        try {
            hold.unlock();
        } catch (LockNotHeldException e) {
            if (expectLost) {
                run.events.add("%s: unlock of %s fails as it should: the hold was lost during the pause", name,
                        hold.lockName());
            }
        } catch (RuntimeException e) {
            if (!run.stopping()) {
                throw e;
            }
        }
    }

    private void recover(RuntimeException e) throws InterruptedException {
        if (run.stopping()) {
            return;
        }
        side.failedRounds.incrementAndGet();
        if (endpoint == null || endpoint.getLifecycleService().isRunning()) {
            run.events.add("%s: round failed: %s", name, e);
        }
        Thread.sleep(100);
    }

    private void closeQuietly() {
        if (leasehold == null) {
            return;
        }
        try {
            leasehold.close();
        } catch (RuntimeException ignored) {
            // the instance may be gone already
        }
    }
}
