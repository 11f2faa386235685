package io.leasehold.hazelcast.internal.client;

import io.leasehold.LeaseholdUnavailableException;
import io.leasehold.hazelcast.internal.core.Time;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * How an instance calls the cluster: once ({@link #call}), or retried while the outcome is unknown
 * ({@link #retrying}, with {@link Outcomes} saying what each exception means), on the instance's
 * clock; and the executor of its own on which every continuation of an asynchronous call runs
 * (the <b>async threads</b>, {@code leasehold-async-*}), so Hazelcast never starts a thread per
 * callback (it does when the common pool has one thread, as on 2 cores).
 */
final class Calls {

    private final LongSupplier nanos;
    private final ExecutorService pool;
    private final Executor continuations;

    Calls(LongSupplier nanos, String hexTag) {
        this.nanos = nanos;
        this.pool = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "leasehold-async-" + hexTag);
            t.setDaemon(true);
            return t;
        });
        // After close, a late completion runs on the thread that completes it rather than failing.
        this.continuations = task -> {
            try {
                pool.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        };
    }

    /** The instance's monotonic clock, in nanoseconds. */
    long nanoTime() {
        return nanos.getAsLong();
    }

    LongSupplier clock() {
        return nanos;
    }

    Executor continuations() {
        return continuations;
    }

    /** Runs a blocking cluster call once; our exceptions pass through, the cluster's are mapped naming {@code what}. */
    <T> T call(Supplier<T> operation, String what) {
        try {
            return operation.get();
        } catch (RuntimeException e) {
            throw Outcomes.map(e, what);
        }
    }

    /**
     * Runs an idempotent blocking call, retrying while its outcome is unknown ({@link Outcomes#retrying}).
     * Blocking calls are the fast path (an asynchronous call's answer reaches its caller through one
     * more thread); they are bounded by the members' operation timeouts, and on clients by the client's
     * invocation timeout, which {@code LeaseholdConfig.apply(clientConfig)} sets to 5 s unless you did.
     */
    <T> T retrying(Supplier<T> operation, String what) {
        return Outcomes.retrying(operation, what, nanos);
    }

    /** {@link #retrying} without blocking; continuations on the instance's executor. */
    <T> CompletableFuture<T> retryingAsync(Supplier<? extends CompletionStage<T>> operation, String what) {
        return Outcomes.retryingAsync(operation, what, nanos, continuations);
    }

    void shutdown() {
        pool.shutdown();
    }

    /** The answer of one try, waited for at most {@link Time#ATTEMPT_MILLIS}; a late answer is an unknown outcome. */
    static <T> T bounded(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(Time.ATTEMPT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(new TimeoutException("interrupted while waiting for the cluster"));
        } catch (ExecutionException e) {
            throw new CompletionException(e.getCause());
        } catch (TimeoutException e) {
            throw new CompletionException(new TimeoutException("no answer within " + Time.ATTEMPT_MILLIS + " ms"));
        }
    }

    /** Waits for a stage; our own exceptions pass through, the cluster's are mapped naming {@code what}. */
    static <T> T join(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseholdUnavailableException(what + ": interrupted while waiting for the cluster", e);
        } catch (ExecutionException e) {
            throw Outcomes.map(e.getCause(), what);
        }
    }
}
