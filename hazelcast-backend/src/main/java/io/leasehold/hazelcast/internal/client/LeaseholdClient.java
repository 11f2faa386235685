package io.leasehold.hazelcast.internal.client;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.query.Predicates;
import io.leasehold.LeaseLock;
import io.leasehold.LeaseReadWriteLock;
import io.leasehold.LeaseSemaphore;
import io.leasehold.Leasehold;
import io.leasehold.Lessor;
import io.leasehold.LockLostListener;
import io.leasehold.Registration;
import io.leasehold.hazelcast.LeaseholdSettings;
import io.leasehold.hazelcast.internal.core.Checks;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.Maps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link Leasehold} on a Hazelcast member or client: the composition root of an instance. It makes
 * the parts, each with exactly the collaborators it uses, and closes them in order:
 * <ul>
 *   <li>{@link Calls}: calls and retries on the instance's clock, and the async threads;</li>
 *   <li>{@link LocalLeases}: the local view of leases and the session;</li>
 *   <li>{@link Renewals}: keep-alive per owner member, and the validity timers;</li>
 *   <li>{@link Waiters}: handoffs to this instance's waiting {@code tryLock}s;</li>
 *   <li>{@link HoldSettler}: unlocks confirmed by the cluster, and settling of what a failed call left;</li>
 *   <li>{@link Listeners}: the thread every user callback runs on;</li>
 *   <li>{@link LockImpl} and {@link LessorImpl}: the API;</li>
 *   <li>{@link SemaphoreImpl} and {@link ReadWriteLockImpl} on {@link PermitCalls}: semaphores and read-write locks.</li>
 * </ul>
 */
public final class LeaseholdClient implements Leasehold {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseholdClient.class);
    /** How long close() waits to revoke the session; past it, the session simply expires on the cluster. */
    private static final long CLOSE_TIMEOUT_MILLIS = 5_000;

    private final int maxNameLength;
    private final Cluster cluster;
    private final Calls calls;
    private final InstanceLifecycle lifecycle = new InstanceLifecycle();
    private final ClientMetrics metrics = new ClientMetrics();
    private final Listeners listeners;
    private final HoldSettler settler;
    private final LocalLeases leases;
    /** Set once in the constructor, after the local leases it arms (which call it only once it is set). */
    private Renewals renewals;
    private final Waiters waiters;
    private final LessorImpl lessor;
    private final LockParts lockParts;
    private final HoldParts holdParts;
    private final UUID ownLeaseListener;
    private final UUID instanceListener;

    public LeaseholdClient(HazelcastInstance hz, LeaseholdSettings settings) {
        Objects.requireNonNull(hz, "hazelcastInstance");
        Objects.requireNonNull(settings, "settings");
        Misconfiguration.check(hz);
        this.maxNameLength = settings.maxNameLength();
        this.cluster = Cluster.of(hz, LocalLeases.newLeaseId());
        this.calls = new Calls(settings.nanoClock(), cluster.hexTag());
        this.listeners = new Listeners(cluster.hexTag());
        this.settler = new HoldSettler(cluster, calls, lifecycle);
        LocalLeases.Policy policy = new LocalLeases.Policy(settings.sessionTtl().toMillis(), settings.safetyMargin(),
                Renewals.TICK_MILLIS);
        this.leases = new LocalLeases(cluster, calls, lifecycle, listeners, settler, metrics, policy,
                lease -> renewals.arm(lease));
        this.renewals = new Renewals(cluster, calls, leases, metrics);
        this.waiters = new Waiters(cluster, calls, leases, listeners, metrics);
        this.lessor = new LessorImpl(cluster, calls, lifecycle, leases, listeners, settings.maxTtl(), maxNameLength);
        this.lockParts = new LockParts(cluster, calls, lifecycle, leases, waiters, settler, metrics, settings.maxTtl());
        this.holdParts = new HoldParts(hz.getMap(Maps.HOLDS), cluster, calls, lifecycle, leases, waiters,
                metrics);
        this.ownLeaseListener = cluster.leases().addEntryListener((EntryRemovedListener<Long, LeaseRecord>) event -> {
            LocalLease lease = leases.tracked(event.getKey());
            if (lease != null) {
                leases.leaseLost(lease, lease.describe() + " was revoked or expired on the cluster");
            }
        }, Predicates.equal("ownerTag", cluster.tag()), false);
        // What admin listings show as the holder of this instance's leases and locks (removed on close).
        hz.<Long, String>getMap(Maps.HOLDERS).setAsync(cluster.tag(), settings.holderName());
        // When the Hazelcast instance shuts down or is terminated under it, this instance stops its own
        // threads at once, so none of them keeps calling a cluster that is gone.
        this.instanceListener = hz.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                stopWithInstance();
            }
        });
        renewals.start();
    }

    @Override
    public LeaseLock lock(String name) {
        lifecycle.ensureOpen();
        return new LockImpl(lockParts, Checks.lockName(name, maxNameLength));
    }

    @Override
    public LeaseSemaphore semaphore(String name) {
        lifecycle.ensureOpen();
        return new SemaphoreImpl(holdParts, Checks.lockName(name, maxNameLength), 0);
    }

    @Override
    public LeaseReadWriteLock readWriteLock(String name) {
        lifecycle.ensureOpen();
        return new ReadWriteLockImpl(holdParts, Checks.lockName(name, maxNameLength), 0);
    }

    @Override
    public Lessor lessor() {
        return lessor;
    }

    @Override
    public OptionalLong sessionLeaseId() {
        LocalLease s = leases.validSession();
        return s != null ? OptionalLong.of(s.id) : OptionalLong.empty();
    }

    @Override
    public Registration addLockLostListener(LockLostListener listener) {
        return listeners.addLockLost(listener);
    }

    /**
     * Revokes the session lease, which frees every lock this instance still holds through it, and
     * stops background work. If the cluster cannot be reached within 5 s, the session simply expires
     * there after its TTL, and so do its locks. Idempotent.
     */
    @Override
    public void close() {
        if (!lifecycle.close()) {
            return;
        }
        LocalLease s = leases.takeSession();
        try {
            if (s != null && s.lostReason() == null) {
                lessor.revokeLocal(s, "the Leasehold instance was closed").toCompletableFuture()
                        .get(CLOSE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("Leasehold could not revoke its session {} on close", s.describe(), e);
        }
        waiters.close();
        try {
            cluster.hz().getLifecycleService().removeLifecycleListener(instanceListener);
            cluster.leases().removeEntryListener(ownLeaseListener);
            cluster.hz().getMap(Maps.HOLDERS).delete(cluster.tag());
        } catch (RuntimeException e) {
            LOG.debug("Leasehold could not remove its lease listener on close", e);
        }
        for (LocalLease lease : leases.all()) {
            leases.leaseLost(lease, "the Leasehold instance was closed");
        }
        renewals.shutdown();
        settler.shutdown();
        listeners.shutdown();
        calls.shutdown();
    }

    /**
     * The Hazelcast instance is shutting down or being terminated (this runs on the thread that called
     * shutdown or terminate, which must not fail): every lease is lost locally, the holders are told,
     * and the instance's threads stop without another call to the cluster. Leases and locks end on the
     * cluster at their deadlines.
     */
    private void stopWithInstance() {
        if (!lifecycle.close()) {
            return;
        }
        try {
            LOG.debug("Leasehold instance {} stops: its Hazelcast instance is shutting down", cluster.hexTag());
            for (LocalLease lease : leases.all()) {
                leases.leaseLost(lease, "the Hazelcast instance under this Leasehold instance shut down");
            }
            renewals.shutdown();
            settler.shutdown();
            listeners.shutdown();
            calls.shutdown();
        } catch (RuntimeException e) {
            LOG.debug("Leasehold instance {} did not stop cleanly with its Hazelcast instance", cluster.hexTag(), e);
        }
    }

    /** Figures of this instance, for tests and metrics. */
    public ClientMetrics metrics() {
        return metrics;
    }

    /** Holds and waiter entries still settling in the background. */
    public int pendingSettlements() {
        return settler.pending();
    }

    /** How many leases this instance tracks locally (kept alive, watched, or just granted). */
    public int knownLeases() {
        return leases.size();
    }
}
