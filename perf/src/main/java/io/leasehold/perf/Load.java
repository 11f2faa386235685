package io.leasehold.perf;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * A closed-loop load: N threads run an operation back to back, first for a warm-up, then for the
 * measured interval, each recording latencies in its own HdrHistogram (nanoseconds) and counting
 * its own operations (for fairness). A phase also ends early after {@code maxOps} measured
 * operations in all, which is how the harness test keeps its runs tiny.
 */
final class Load {

    /** One operation of one thread; returns the nanoseconds to record, or -1 for nothing. */
    @FunctionalInterface
    interface Op {
        long run(int thread, ThreadLocalRandom random) throws Exception;
    }

    /** What a measured interval gave. */
    record Measurement(long ops, long errors, double seconds, Histogram latency, long[] perThread,
                       long counterDelta, String firstError) {

        double opsPerSecond() {
            return seconds > 0 ? ops / seconds : 0;
        }

        double fairness() {
            long max = Long.MIN_VALUE;
            long min = Long.MAX_VALUE;
            for (long c : perThread) {
                max = Math.max(max, c);
                min = Math.min(min, c);
            }
            return min == 0 ? Double.POSITIVE_INFINITY : (double) max / min;
        }
    }

    private Load() {
    }

    /**
     * Runs {@code op} on {@code threads} threads. {@code counter} (member operations, say) is read at
     * the start and end of the measured interval.
     */
    static Measurement run(String name, int threads, Duration warmup, Duration measure, long maxOps,
                           LongSupplier counter, Op op) throws InterruptedException {
        return run(name, threads, warmup, measure, maxOps, counter, () -> { }, op);
    }

    /** As above; {@code atMeasureStart} runs once, as the measured interval begins (to reset counters). */
    static Measurement run(String name, int threads, Duration warmup, Duration measure, long maxOps,
                           LongSupplier counter, Runnable atMeasureStart, Op op) throws InterruptedException {
        final int warming = 0;
        final int measuring = 1;
        final int stopped = 2;
        AtomicLong phase = new AtomicLong(warming);
        AtomicLong measuredOps = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Histogram[] histograms = new Histogram[threads];
        long[] counts = new long[threads];
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            histograms[t] = new Histogram(3);
            Thread worker = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                ready.countDown();
                try {
                    go.await();
                    long p;
                    while ((p = phase.get()) != stopped) {
                        long nanos;
                        try {
                            nanos = op.run(thread, random);
                        } catch (InterruptedException e) {
                            return;
                        } catch (Exception e) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, e.toString());
                            continue;
                        }
                        if (p == measuring && phase.get() == measuring) {
                            if (nanos >= 0) {
                                histograms[thread].recordValue(nanos);
                            }
                            counts[thread]++;
                            if (measuredOps.incrementAndGet() >= maxOps) {
                                phase.compareAndSet(measuring, stopped);
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "perf-" + name + "-" + t);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        ready.await();
        go.countDown();
        done.await(warmup.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        long errorsBefore = errors.get();
        atMeasureStart.run();
        long counterStart = counter.getAsLong();
        long start = System.nanoTime();
        phase.set(measuring);
        // Ends on time, or earlier once maxOps were measured (the workers then set the phase themselves).
        long until = start + measure.toNanos();
        while (phase.get() == measuring && System.nanoTime() < until) {
            if (done.await(Math.max(1, Math.min(20, (until - System.nanoTime()) / 1_000_000)),
                    java.util.concurrent.TimeUnit.MILLISECONDS)) {
                break;
            }
        }
        phase.set(stopped);
        long end = System.nanoTime();
        long counterEnd = counter.getAsLong();
        if (!done.await(LockDriver.WAIT.toMillis() + 5_000, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            workers.forEach(Thread::interrupt);
            done.await(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        Histogram all = new Histogram(3);
        long total = 0;
        long[] perThread = new long[threads];
        for (int t = 0; t < threads; t++) {
            all.add(histograms[t]);
            perThread[t] = counts[t];
            total += counts[t];
        }
        return new Measurement(total, errors.get() - errorsBefore, (end - start) / 1e9, all, perThread,
                counterEnd - counterStart, firstError.get());
    }
}
