package io.leasehold.hazelcast.server;

import io.leasehold.Leasehold;
import io.leasehold.LockHandle;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A worker on one side of a fault: takes each lock in turn with a 200 ms wait, records the fence, releases. */
final class LockSide implements Runnable {
    final String name;
    final Leasehold leasehold;
    final Grants grants;
    private final List<String> locks;
    final AtomicLong granted = new AtomicLong();
    final AtomicLong firstRefusalNanos = new AtomicLong();
    final List<Long> grantTimes = java.util.Collections.synchronizedList(new ArrayList<>());
    final List<Object[]> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile long refusalsCountFrom = Long.MAX_VALUE;
    private final Thread thread;
    private long counter;

    LockSide(String name, Leasehold leasehold, Grants grants, List<String> locks) {
        this.name = name;
        this.leasehold = leasehold;
        this.grants = grants;
        this.locks = locks;
        this.thread = new Thread(this, "partition-" + name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void refusedSince(long nanos) {
        refusalsCountFrom = nanos;
    }

    long grantedSince(long nanos) {
        synchronized (grantTimes) {
            return grantTimes.stream().filter(t -> t - nanos >= 0).count();
        }
    }

    List<String> errorsSince(long nanos) {
        synchronized (errors) {
            return errors.stream().filter(e -> (long) e[0] - nanos >= 0).map(e -> (String) e[1]).toList();
        }
    }

    /** Grants per second in [from, to). */
    double rate(long from, long to) {
        long n;
        synchronized (grantTimes) {
            n = grantTimes.stream().filter(t -> t - from >= 0 && t - to < 0).count();
        }
        return n / Math.max(1e-9, (to - from) / 1e9);
    }

    /** Grants in each of the first seconds from {@code from}. */
    String perSecond(long from, int seconds) {
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            long start = from + TimeUnit.SECONDS.toNanos(i);
            counts.add(Math.round(rate(start, start + TimeUnit.SECONDS.toNanos(1))));
        }
        return counts.toString();
    }

    void stop() throws InterruptedException {
        running.set(false);
        thread.join(30_000);
    }

    @Override
    public void run() {
        int i = 0;
        while (running.get()) {
            String lock = locks.get(i++ % locks.size());
            try {
                Optional<LockHandle> held = leasehold.lock(lock).tryLock(Duration.ofMillis(200));
                if (held.isPresent()) {
                    grants.granted(lock, held.get().fence(), name + "-" + (++counter));
                    granted.incrementAndGet();
                    grantTimes.add(System.nanoTime());
                    try {
                        held.get().unlock();
                    } catch (RuntimeException lost) {
                        // lost during the split: the next round says more
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException refused) {
                long now = System.nanoTime();
                errors.add(new Object[] {now, refused.toString()});
                if (now - refusalsCountFrom >= 0) {
                    firstRefusalNanos.compareAndSet(0, now);
                }
            }
        }
    }
}
