package io.leasehold.hazelcast.server;

import io.leasehold.LeaseReadWriteLock;
import io.leasehold.LeaseSemaphore;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Semaphore and read-write holders beside the lock workers of the fault tests (issue 21), and what
 * they must keep through the fault, as the lock does: never more permits out than the semaphore has,
 * never a writer beside a reader or another writer, fences of exclusive holds only growing, and no
 * waiter lost (every worker is served again after the fault). Each holder records its hold the moment
 * it is granted and forgets it just before it releases; it makes no call to the cluster in between
 * (a call that hangs in a cut would keep a hold counted after its holder's lease may have ended, an
 * overlap the holder itself would not see). Holds that overlap on the members show in the exclusive
 * fences, and in the permit count once every holder has stopped ({@link #permitsBack}).
 */
final class PermitHolders {

    static final int PERMITS = 3;

    private final String semaphore;
    private final String readWrite;
    private final AtomicInteger permitsOut = new AtomicInteger();
    private final AtomicInteger readers = new AtomicInteger();
    private final AtomicInteger writers = new AtomicInteger();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Object fences = new Object();
    private long lastExclusiveFence;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Worker> workers = new ArrayList<>();

    PermitHolders(String semaphore, String readWrite) {
        this.semaphore = semaphore;
        this.readWrite = readWrite;
    }

    /** Sets the semaphore's permits (once, through any instance). */
    void init(Leasehold leasehold) {
        leasehold.semaphore(semaphore).init(PERMITS);
    }

    /** Starts a holder on this instance: semaphore acquires of 1 or 2 permits, shared and exclusive holds in turn. */
    Worker start(String name, Leasehold leasehold, Duration wait) {
        Worker w = new Worker(name, leasehold, wait);
        workers.add(w);
        w.thread.start();
        return w;
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Worker w : workers) {
            w.thread.join(30_000);
        }
    }

    /** The semaphore's available permits, seen through this instance: all of them once every hold ended. */
    int permitsBack(Leasehold leasehold) {
        return leasehold.semaphore(semaphore).availablePermits();
    }

    List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    List<Worker> workers() {
        return List.copyOf(workers);
    }

    private void semaphoreGranted(String who, int n) {
        int out = permitsOut.addAndGet(n);
        if (out > PERMITS) {
            violations.add(who + ": " + out + " permits out of " + PERMITS);
        }
    }

    private void sharedGranted(String who) {
        readers.incrementAndGet();
        if (writers.get() != 0) {
            violations.add(who + ": a reader beside a writer");
        }
    }

    private void exclusiveGranted(String who, long fence) {
        if (writers.incrementAndGet() != 1 || readers.get() != 0) {
            violations.add(who + ": a writer beside " + (writers.get() - 1) + " writers and " + readers.get() + " readers");
        }
        synchronized (fences) {
            if (fence <= lastExclusiveFence) {
                violations.add(who + ": exclusive fence " + fence + " after " + lastExclusiveFence);
            }
            lastExclusiveFence = Math.max(lastExclusiveFence, fence);
        }
    }

    /** One instance's holder: grants (by kind) and failures, with their times on the monotonic clock. */
    final class Worker implements Runnable {
        final String name;
        final List<Long> grantTimes = Collections.synchronizedList(new ArrayList<>());
        final List<String> timedOut = Collections.synchronizedList(new ArrayList<>());
        final List<Object[]> errors = Collections.synchronizedList(new ArrayList<>());
        private final Leasehold leasehold;
        private final Duration wait;
        private final Thread thread;

        private Worker(String name, Leasehold leasehold, Duration wait) {
            this.name = name;
            this.leasehold = leasehold;
            this.wait = wait;
            this.thread = new Thread(this, "permits-" + name);
            thread.setDaemon(true);
        }

        long grantedSince(long nanos) {
            synchronized (grantTimes) {
                return grantTimes.stream().filter(t -> t - nanos >= 0).count();
            }
        }

        List<String> timedOutSince(long nanos) {
            synchronized (timedOut) {
                return timedOut.stream().filter(s -> Long.parseLong(s.substring(0, s.indexOf(' '))) - nanos >= 0)
                        .toList();
            }
        }

        @Override
        public void run() {
            LeaseSemaphore sem = leasehold.semaphore(semaphore);
            LeaseReadWriteLock rw = leasehold.readWriteLock(readWrite);
            for (int i = 0; running.get(); i++) {
                long started = System.nanoTime();
                try {
                    boolean granted = switch (i % 3) {
                        case 0 -> permits(sem, 1 + (i / 3) % 2);
                        case 1 -> shared(rw);
                        default -> exclusive(rw);
                    };
                    if (granted) {
                        grantTimes.add(System.nanoTime());
                    } else if (running.get()) {
                        timedOut.add(started + " " + name + " (" + (i % 3 == 0 ? "permits" : i % 3 == 1 ? "shared"
                                : "exclusive") + ") after "
                                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    errors.add(new Object[] {System.nanoTime(), e.toString()});
                }
            }
        }

        private boolean permits(LeaseSemaphore sem, int n) throws InterruptedException {
            OptionalLong fence = sem.tryAcquire(n, wait);
            if (fence.isEmpty()) {
                return false;
            }
            semaphoreGranted(name, n);
            permitsOut.addAndGet(-n);
            try {
                sem.release(n);
            } catch (RuntimeException lost) {
                // lost in the fault: its lease's end gives the permits back
            }
            return true;
        }

        private boolean shared(LeaseReadWriteLock rw) throws InterruptedException {
            Optional<LockHandle> h = rw.tryLockShared(wait);
            if (h.isEmpty()) {
                return false;
            }
            sharedGranted(name);
            readers.decrementAndGet();
            unlockQuietly(h.get());
            return true;
        }

        private boolean exclusive(LeaseReadWriteLock rw) throws InterruptedException {
            Optional<LockHandle> h = rw.tryLockExclusive(wait);
            if (h.isEmpty()) {
                return false;
            }
            exclusiveGranted(name, h.get().fence());
            writers.decrementAndGet();
            unlockQuietly(h.get());
            return true;
        }

        private void unlockQuietly(LockHandle h) {
            try {
                h.unlock();
            } catch (RuntimeException lost) {
                // lost in the fault: its lease's end frees it
            }
        }
    }
}
