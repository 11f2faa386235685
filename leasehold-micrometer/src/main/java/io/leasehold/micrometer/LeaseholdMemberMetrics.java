package io.leasehold.micrometer;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.hazelcast.LeaseholdMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters of one Leasehold member (an embedded member, or a standalone one started with
 * Leasehold's configuration). Every meter carries the tag {@code member} (the Hazelcast instance
 * name) and the tags given. Counters and timers are read from the member's own counters when the
 * registry asks, so binding costs nothing on the lock path.
 *
 * <table>
 *   <caption>Member meters</caption>
 *   <tr><th>name</th><th>type</th><th>what</th></tr>
 *   <tr><td>{@code leasehold.leases.live}</td><td>gauge</td><td>lease records whose partition this member owns</td></tr>
 *   <tr><td>{@code leasehold.leases.expiry.heap}</td><td>gauge</td><td>leases in this member's expiry heap</td></tr>
 *   <tr><td>{@code leasehold.leases.granted}</td><td>counter</td><td>leases granted on this member</td></tr>
 *   <tr><td>{@code leasehold.leases.renew.requests}</td><td>counter</td><td>renew requests served (a batch counts once)</td></tr>
 *   <tr><td>{@code leasehold.leases.revoked}</td><td>counter</td><td>leases this member's revoker revoked after their deadline</td></tr>
 *   <tr><td>{@code leasehold.leases.revoke.lag}</td><td>function timer</td><td>how long after its deadline each of those went (count = revoked)</td></tr>
 *   <tr><td>{@code leasehold.leases.revoke.lag.max}</td><td>time gauge</td><td>the longest revoke lag seen</td></tr>
 *   <tr><td>{@code leasehold.locks.acquired}</td><td>counter</td><td>locks granted directly (not by handoff)</td></tr>
 *   <tr><td>{@code leasehold.locks.handoffs}</td><td>counter</td><td>locks handed to a queued waiter</td></tr>
 *   <tr><td>{@code leasehold.locks.freed.by.lease.end}</td><td>counter</td><td>lock records freed because their lease ended</td></tr>
 *   <tr><td>{@code leasehold.locks.held}</td><td>gauge</td><td>held locks in this member's partitions (as of the last reconciliation pass)</td></tr>
 *   <tr><td>{@code leasehold.locks.waiters}</td><td>gauge</td><td>queued waiters in this member's partitions (same)</td></tr>
 *   <tr><td>{@code leasehold.lock.records}</td><td>gauge</td><td>lock records whose partition this member owns</td></tr>
 *   <tr><td>{@code leasehold.lock.records.idle}</td><td>gauge</td><td>free records waiting for the idle sweep</td></tr>
 *   <tr><td>{@code leasehold.lock.records.removed}</td><td>counter</td><td>idle records removed</td></tr>
 *   <tr><td>{@code leasehold.holds.granted}</td><td>counter, tag {@code kind}</td><td>semaphore ({@code semaphore}) and
 *       read-write ({@code rwlock}) holds granted directly (not by handoff)</td></tr>
 *   <tr><td>{@code leasehold.holds.handoffs}</td><td>counter, tag {@code kind}</td><td>those handed to a queued waiter</td></tr>
 *   <tr><td>{@code leasehold.semaphores.permits.held}</td><td>gauge</td><td>semaphore permits held in this member's
 *       partitions (as of the last reconciliation pass)</td></tr>
 *   <tr><td>{@code leasehold.semaphores.waiters}</td><td>gauge</td><td>acquirers queued on semaphores (same)</td></tr>
 *   <tr><td>{@code leasehold.rwlocks.holds}</td><td>gauge, tag {@code mode}</td><td>{@code shared} and {@code exclusive}
 *       read-write holds (same)</td></tr>
 *   <tr><td>{@code leasehold.rwlocks.waiters}</td><td>gauge</td><td>acquirers queued on read-write locks (same)</td></tr>
 *   <tr><td>{@code leasehold.hold.records}</td><td>gauge</td><td>semaphore and read-write lock records whose partition
 *       this member owns</td></tr>
 * </table>
 */
public final class LeaseholdMemberMetrics implements MeterBinder {

    private final LeaseholdMetrics service;
    private final Tags tags;

    /**
     * @throws IllegalStateException if Leasehold is not configured on that member
     */
    public LeaseholdMemberMetrics(HazelcastInstance member, Iterable<Tag> tags) {
        Objects.requireNonNull(member, "member");
        this.service = LeaseholdMetrics.of(member);
        this.tags = Tags.concat(tags, "member", member.getName());
    }

    public LeaseholdMemberMetrics(HazelcastInstance member) {
        this(member, Tags.empty());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        gauge(registry, "leasehold.leases.live", "Lease records whose partition this member owns", "leases",
                LeaseholdMetrics::leaseRecords);
        gauge(registry, "leasehold.leases.expiry.heap", "Leases in this member's expiry heap", "leases",
                LeaseholdMetrics::trackedLeases);
        counter(registry, "leasehold.leases.granted", "Leases granted on this member", LeaseholdMetrics::grants);
        counter(registry, "leasehold.leases.renew.requests", "Renew requests served (a batch counts once)",
                LeaseholdMetrics::renewRequests);
        counter(registry, "leasehold.leases.revoked", "Leases revoked by this member's revoker after their deadline",
                LeaseholdMetrics::revokedLeases);
        FunctionTimer.builder("leasehold.leases.revoke.lag", service, LeaseholdMetrics::revokedLeases,
                        LeaseholdMetrics::revokeLagMillisTotal, TimeUnit.MILLISECONDS)
                .description("How long after its deadline each lease the revoker revoked went").tags(tags)
                .register(registry);
        TimeGauge.builder("leasehold.leases.revoke.lag.max", service, TimeUnit.MILLISECONDS,
                        LeaseholdMetrics::maxRevokeLagMillis)
                .description("The longest revoke lag seen on this member").tags(tags).register(registry);
        counter(registry, "leasehold.locks.acquired", "Locks granted directly (not by handoff)", LeaseholdMetrics::acquired);
        counter(registry, "leasehold.locks.handoffs", "Locks handed to a queued waiter", LeaseholdMetrics::handoffs);
        counter(registry, "leasehold.locks.freed.by.lease.end", "Lock records freed because their lease ended",
                LeaseholdMetrics::locksFreedByEnd);
        gauge(registry, "leasehold.locks.held", "Held locks in this member's partitions (last reconciliation)", "locks",
                LeaseholdMetrics::heldLocks);
        gauge(registry, "leasehold.locks.waiters", "Queued waiters in this member's partitions (last reconciliation)",
                "waiters", LeaseholdMetrics::queuedWaiters);
        gauge(registry, "leasehold.lock.records", "Lock records whose partition this member owns", "records",
                LeaseholdMetrics::lockRecords);
        gauge(registry, "leasehold.lock.records.idle", "Free lock records waiting for the idle sweep", "records",
                LeaseholdMetrics::idleRecordsPending);
        counter(registry, "leasehold.lock.records.removed", "Idle lock records removed", LeaseholdMetrics::removedRecords);
        bindHolds(registry);
    }

    private void bindHolds(MeterRegistry registry) {
        String granted = "Semaphore and read-write holds granted directly (not by handoff)";
        FunctionCounter.builder("leasehold.holds.granted", service, LeaseholdMetrics::semaphoreGrants)
                .description(granted).tags(tags).tag("kind", "semaphore").register(registry);
        FunctionCounter.builder("leasehold.holds.granted", service, LeaseholdMetrics::readWriteGrants)
                .description(granted).tags(tags).tag("kind", "rwlock").register(registry);
        String handed = "Semaphore and read-write holds handed to a queued waiter";
        FunctionCounter.builder("leasehold.holds.handoffs", service, LeaseholdMetrics::semaphoreHandoffs)
                .description(handed).tags(tags).tag("kind", "semaphore").register(registry);
        FunctionCounter.builder("leasehold.holds.handoffs", service, LeaseholdMetrics::readWriteHandoffs)
                .description(handed).tags(tags).tag("kind", "rwlock").register(registry);
        gauge(registry, "leasehold.semaphores.permits.held",
                "Semaphore permits held in this member's partitions (last reconciliation)", "permits",
                LeaseholdMetrics::heldPermits);
        gauge(registry, "leasehold.semaphores.waiters",
                "Acquirers queued on semaphores in this member's partitions (last reconciliation)", "waiters",
                LeaseholdMetrics::semaphoreWaiters);
        String holds = "Read-write holds in this member's partitions (last reconciliation)";
        Gauge.builder("leasehold.rwlocks.holds", service, LeaseholdMetrics::sharedHolds).description(holds)
                .baseUnit("holds").tags(tags).tag("mode", "shared").register(registry);
        Gauge.builder("leasehold.rwlocks.holds", service, LeaseholdMetrics::exclusiveHolds).description(holds)
                .baseUnit("holds").tags(tags).tag("mode", "exclusive").register(registry);
        gauge(registry, "leasehold.rwlocks.waiters",
                "Acquirers queued on read-write locks in this member's partitions (last reconciliation)", "waiters",
                LeaseholdMetrics::readWriteWaiters);
        gauge(registry, "leasehold.hold.records",
                "Semaphore and read-write lock records whose partition this member owns", "records",
                LeaseholdMetrics::holdRecords);
    }

    private void gauge(MeterRegistry registry, String name, String description, String unit,
                       ToDoubleFunction<LeaseholdMetrics> value) {
        Gauge.builder(name, service, value).description(description).baseUnit(unit).tags(tags).register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<LeaseholdMetrics> value) {
        FunctionCounter.builder(name, service, value).description(description).tags(tags).register(registry);
    }
}
