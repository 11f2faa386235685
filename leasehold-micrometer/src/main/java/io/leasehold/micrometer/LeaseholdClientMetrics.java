package io.leasehold.micrometer;

import io.leasehold.Leasehold;
import io.leasehold.hazelcast.InstanceMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters of one {@link Leasehold} instance (on a member or a client): how its acquires
 * went and how long they took, how long it waited and held, what it lost, and its keep-alive. Read
 * from the instance's own counters when the registry asks. Every meter carries the tags given.
 * Micrometer holds the instance's counters weakly: once the instance is closed and collected, its
 * meters read 0 (or NaN); bind a new instance's meters with a tag that tells them apart.
 *
 * <table>
 *   <caption>Client meters</caption>
 *   <tr><th>name</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@code leasehold.client.acquire}</td><td>function timer</td><td>successful acquires: time from the call to the grant, waiting included</td></tr>
 *   <tr><td>{@code leasehold.client.acquire.max}</td><td>time gauge</td><td>the longest of those</td></tr>
 *   <tr><td>{@code leasehold.client.acquire.outcomes}</td><td>counter, tag {@code outcome}</td><td>{@code granted} (at once),
 *       {@code handed_over} (after waiting), {@code refused} (held, no wait), {@code timed_out}</td></tr>
 *   <tr><td>{@code leasehold.client.wait}</td><td>function timer</td><td>time spent queued, by acquires that waited (handed over or timed out)</td></tr>
 *   <tr><td>{@code leasehold.client.hold}</td><td>function timer</td><td>time from grant to confirmed unlock, per hold</td></tr>
 *   <tr><td>{@code leasehold.client.locks.lost}</td><td>counter</td><td>holds lost (lease lost, revoked, or force-released)</td></tr>
 *   <tr><td>{@code leasehold.client.lost.notices}</td><td>counter</td><td>notices heard that an operator force-released a hold</td></tr>
 *   <tr><td>{@code leasehold.client.keepalive.round.trips}</td><td>counter</td><td>keep-alive requests answered (one per member per period)</td></tr>
 *   <tr><td>{@code leasehold.client.keepalive.failures}</td><td>counter</td><td>keep-alive requests that failed</td></tr>
 *   <tr><td>{@code leasehold.client.holds.acquired}</td><td>counter, tag {@code kind}</td><td>granted acquires of
 *       semaphore permits ({@code semaphore}) and read-write holds ({@code shared}, {@code exclusive})</td></tr>
 *   <tr><td>{@code leasehold.client.holds.not.acquired}</td><td>counter, tag {@code kind}</td><td>acquires that ended
 *       without (refused at once, or the wait ran out)</td></tr>
 *   <tr><td>{@code leasehold.client.holds.released}</td><td>counter, tag {@code kind}</td><td>confirmed releases
 *       (semaphore release calls, read-write unlocks)</td></tr>
 *   <tr><td>{@code leasehold.client.permits.acquired}</td><td>counter</td><td>semaphore permits acquired</td></tr>
 *   <tr><td>{@code leasehold.client.permits.released}</td><td>counter</td><td>semaphore permits released</td></tr>
 * </table>
 */
public final class LeaseholdClientMetrics implements MeterBinder {

    private final InstanceMetrics metrics;
    private final Tags tags;

    /**
     * @throws IllegalArgumentException if {@code leasehold} is not a Hazelcast-backed instance
     */
    public LeaseholdClientMetrics(Leasehold leasehold, Iterable<Tag> tags) {
        this.metrics = InstanceMetrics.of(leasehold);
        this.tags = Tags.of(tags);
    }

    public LeaseholdClientMetrics(Leasehold leasehold) {
        this(leasehold, Tags.empty());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionTimer.builder("leasehold.client.acquire", metrics, InstanceMetrics::acquired,
                        InstanceMetrics::totalAcquireNanos, TimeUnit.NANOSECONDS)
                .description("Successful acquires: time from the call to the grant, waiting included")
                .tags(tags).register(registry);
        TimeGauge.builder("leasehold.client.acquire.max", metrics, TimeUnit.NANOSECONDS, InstanceMetrics::maxAcquireNanos)
                .description("The longest successful acquire").tags(tags).register(registry);
        outcome(registry, "granted", m -> m.acquired() - m.acquiredAfterWaiting());
        outcome(registry, "handed_over", InstanceMetrics::acquiredAfterWaiting);
        outcome(registry, "refused", InstanceMetrics::refused);
        outcome(registry, "timed_out", InstanceMetrics::timedOut);
        FunctionTimer.builder("leasehold.client.wait", metrics, m -> m.acquiredAfterWaiting() + m.timedOut(),
                        InstanceMetrics::totalWaitNanos, TimeUnit.NANOSECONDS)
                .description("Time spent queued by acquires that waited").tags(tags).register(registry);
        FunctionTimer.builder("leasehold.client.hold", metrics, InstanceMetrics::holdsEnded,
                        InstanceMetrics::totalHoldNanos, TimeUnit.NANOSECONDS)
                .description("Time from grant to confirmed unlock").tags(tags).register(registry);
        counter(registry, "leasehold.client.locks.lost", "Holds lost (lease lost or revoked, or force-released)",
                InstanceMetrics::locksLost);
        counter(registry, "leasehold.client.lost.notices", "Notices that an operator force-released a hold",
                InstanceMetrics::lostNotices);
        counter(registry, "leasehold.client.keepalive.round.trips", "Keep-alive requests answered",
                InstanceMetrics::keepAliveRoundTrips);
        counter(registry, "leasehold.client.keepalive.failures", "Keep-alive requests that failed",
                InstanceMetrics::keepAliveFailures);
        for (InstanceMetrics.HoldKind kind : InstanceMetrics.HoldKind.values()) {
            byKind(registry, "leasehold.client.holds.acquired", "Granted acquires of semaphore permits and read-write holds",
                    kind, m -> m.holdsAcquired(kind));
            byKind(registry, "leasehold.client.holds.not.acquired", "Acquires that ended without a hold", kind,
                    m -> m.holdsNotAcquired(kind));
            byKind(registry, "leasehold.client.holds.released", "Confirmed releases of permits and read-write holds",
                    kind, m -> m.holdsReleased(kind));
        }
        counter(registry, "leasehold.client.permits.acquired", "Semaphore permits acquired", InstanceMetrics::permitsAcquired);
        counter(registry, "leasehold.client.permits.released", "Semaphore permits released", InstanceMetrics::permitsReleased);
    }

    private void byKind(MeterRegistry registry, String name, String description, InstanceMetrics.HoldKind kind,
                        ToDoubleFunction<InstanceMetrics> value) {
        FunctionCounter.builder(name, metrics, value).description(description).tags(tags).tag("kind", kind.tag())
                .register(registry);
    }

    private void outcome(MeterRegistry registry, String outcome, ToDoubleFunction<InstanceMetrics> value) {
        FunctionCounter.builder("leasehold.client.acquire.outcomes", metrics, value)
                .description("Acquire calls by outcome").tags(tags).tag("outcome", outcome).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<InstanceMetrics> value) {
        FunctionCounter.builder(name, metrics, value).description(description).tags(tags).register(registry);
    }
}
