package io.leasehold.vertx;

import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Counter;

import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A Vert.x {@link Counter} on the cluster: one entry of {@link LeaseholdVertx#COUNTERS_MAP} per name, an
 * absent entry reading 0. Open-source Hazelcast has no {@code IAtomicLong} outside the CP subsystem
 * (Enterprise-only since 5.5), so each update is a {@link CounterUpdate} entry processor:
 *
 * <ul>
 *   <li><b>Atomic</b>: it runs on the partition owner of the name, on that partition's single thread,
 *       so no two updates of one counter interleave; the read, the decision and the write are one step.</li>
 *   <li><b>Kept</b>: the backups (synchronous, as many as Leasehold's leases have) receive the value the
 *       primary computed ({@link CounterBackup}) before the caller is answered, so a crash of the owner
 *       does not take back a value a caller saw.</li>
 *   <li><b>At most once</b>: {@code hazelcast.operation.fail.on.indeterminate.state}, which Leasehold's
 *       configuration turns on, makes a call whose owner left, or whose backups did not acknowledge, fail
 *       instead of being retried on the new owner, where it could apply twice. Such a failure means
 *       "applied or not, unknown": the future fails, nothing is applied silently twice.</li>
 * </ul>
 *
 * <p>Nothing here blocks: each call sends the processor and completes its future on the caller's
 * Vert.x context, through the context as the continuation's executor (a plain callback on Hazelcast's
 * future would run on Hazelcast's default async executor).
 */
final class ClusterCounter implements Counter {

    private final Vertx vertx;
    private final IMap<String, Long> counters;
    private final String name;

    ClusterCounter(Vertx vertx, IMap<String, Long> counters, String name) {
        this.vertx = vertx;
        this.counters = counters;
        this.name = Objects.requireNonNull(name, "counter name");
    }

    @Override
    public Future<Long> get() {
        return call(() -> counters.getAsync(name), value -> value == null ? 0L : (Long) value);
    }

    @Override
    public Future<Long> incrementAndGet() {
        return addAndGet(1);
    }

    @Override
    public Future<Long> getAndIncrement() {
        return getAndAdd(1);
    }

    @Override
    public Future<Long> decrementAndGet() {
        return addAndGet(-1);
    }

    @Override
    public Future<Long> addAndGet(long value) {
        return call(() -> counters.submitToKey(name, CounterUpdate.addAndGet(value)), Long.class::cast);
    }

    @Override
    public Future<Long> getAndAdd(long value) {
        return call(() -> counters.submitToKey(name, CounterUpdate.getAndAdd(value)), Long.class::cast);
    }

    @Override
    public Future<Boolean> compareAndSet(long expected, long value) {
        return call(() -> counters.submitToKey(name, CounterUpdate.compareAndSet(expected, value)), Boolean.class::cast);
    }

    /**
     * Sends the call and completes the returned future on the caller's context, converting the reply there
     * (no stage is chained on Hazelcast's future but the one continuation with its executor).
     */
    private <T> Future<T> call(Supplier<CompletionStage<?>> send, Function<Object, T> reply) {
        Context context = vertx.getOrCreateContext();
        Executor onContext = task -> context.runOnContext(ignored -> task.run());
        Promise<T> promise = Promise.promise();
        CompletionStage<?> sent;
        try {
            sent = send.get();
        } catch (RuntimeException e) {
            promise.fail(e);
            return promise.future();
        }
        sent.whenCompleteAsync((result, error) -> {
            if (error != null) {
                promise.fail(error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
            } else {
                promise.complete(reply.apply(result));
            }
        }, onContext);
        return promise.future();
    }
}
