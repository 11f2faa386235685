package io.leasehold.hazelcast.internal.client;

import io.leasehold.hazelcast.internal.core.Checks;
import io.leasehold.hazelcast.internal.core.Describe;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import io.leasehold.hazelcast.internal.core.LockReply;
import io.leasehold.hazelcast.internal.core.Time;
import io.leasehold.hazelcast.internal.protocol.Attach;
import io.leasehold.hazelcast.internal.protocol.LeaseRead;
import io.leasehold.hazelcast.internal.protocol.LockRead;
import io.leasehold.hazelcast.internal.protocol.Renew;
import io.leasehold.hazelcast.internal.protocol.Revoke;
import com.hazelcast.map.listener.EntryRemovedListener;
import io.leasehold.KeepAlive;
import io.leasehold.Lease;
import io.leasehold.LeaseInfo;
import io.leasehold.LeaseListener;
import io.leasehold.Lessor;
import io.leasehold.Registration;


import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/** The {@link Lessor} of a {@link LeaseholdClient}: each call is one entry processor on the lease's owner. */
final class LessorImpl implements Lessor {

    private static final long CLOCK_TOLERANCE_MILLIS = 250;
    private final Cluster cluster;
    private final Calls calls;
    private final InstanceLifecycle lifecycle;
    private final LocalLeases leases;
    private final Listeners listeners;
    private final Duration maxTtl;
    private final int maxNameLength;

    LessorImpl(Cluster cluster, Calls calls, InstanceLifecycle lifecycle, LocalLeases leases, Listeners listeners,
               Duration maxTtl, int maxNameLength) {
        this.cluster = cluster;
        this.calls = calls;
        this.lifecycle = lifecycle;
        this.leases = leases;
        this.listeners = listeners;
        this.maxTtl = maxTtl;
        this.maxNameLength = maxNameLength;
    }

    @Override
    public Lease grant(Duration ttl) {
        long millis = Checks.ttlMillis(ttl, maxTtl);
        lifecycle.ensureOpen();
        LocalLease lease = leases.grantNow(millis, false);
        return new Lease(lease.id, Duration.ofMillis(lease.ttlMillis));
    }

    @Override
    public CompletionStage<Lease> grantAsync(Duration ttl) {
        long millis = Checks.ttlMillis(ttl, maxTtl);
        lifecycle.ensureOpen();
        return leases.grantLocal(millis, false).thenApplyAsync(l -> new Lease(l.id, Duration.ofMillis(l.ttlMillis)),
                calls.continuations());
    }

    @Override
    public Duration renew(long leaseId) {
        Checks.leaseId(leaseId);
        lifecycle.ensureOpen();
        long sentAt = calls.nanoTime();
        return renewed(leaseId, sentAt, calls.retrying(
                () -> cluster.leases().executeOnKey(leaseId, new Renew()), Describe.lease(leaseId)));
    }

    private Duration renewed(long leaseId, long sentAt, LeaseReply reply) {
        LocalLease local = leases.tracked(leaseId);
        if (!reply.isOk()) {
            if (local != null) {
                leases.leaseLost(local, Describe.lease(leaseId) + " was found "
                        + Describe.failure(reply.failure()) + " when renewing it");
            }
            throw LocalLeases.notFound(leaseId, reply);
        }
        if (local != null) {
            leases.confirmed(local, sentAt, reply, true);
        }
        return Duration.ofMillis(reply.ttl());
    }

    @Override
    public CompletionStage<Duration> renewAsync(long leaseId) {
        Checks.leaseId(leaseId);
        lifecycle.ensureOpen();
        long sentAt = calls.nanoTime();
        return cluster.leases().submitToKey(leaseId, new Renew())
                .thenApplyAsync(reply -> renewed(leaseId, sentAt, reply), calls.continuations());
    }

    @Override
    public void revoke(long leaseId) {
        revokeNow(leaseId);
    }

    @Override
    public void revokeAndWait(long leaseId) {
        revokeNow(leaseId);
        EndNotices.tellAndWait(cluster.hz(), leaseId);
    }

    /** One request to the lease's owner, which removes it and tells every member it ended. */
    private void revokeNow(long leaseId) {
        Checks.leaseId(leaseId);
        lifecycle.ensureOpen();
        LeaseReply reply = calls.call(() -> cluster.leases().executeOnKey(leaseId, new Revoke()),
                Describe.lease(leaseId));
        revoked(leaseId, reply);
    }

    private void revoked(long leaseId, LeaseReply reply) {
        if (!reply.isOk()) {
            throw LocalLeases.notFound(leaseId, reply);
        }
        LocalLease local = leases.tracked(leaseId);
        if (local != null) {
            leases.leaseLost(local, Describe.lease(leaseId) + " was revoked");
        }
    }

    @Override
    public CompletionStage<Void> revokeAsync(long leaseId) {
        Checks.leaseId(leaseId);
        lifecycle.ensureOpen();
        return cluster.leases().submitToKey(leaseId, new Revoke())
                .thenAcceptAsync(reply -> revoked(leaseId, reply), calls.continuations());
    }

    /** Revokes a lease this instance holds (on close), freeing its locks. */
    CompletionStage<Void> revokeLocal(LocalLease lease, String reason) {
        leases.leaseLost(lease, reason);
        return cluster.leases().submitToKey(lease.id, new Revoke())
                .thenComposeAsync(reply -> reply.isOk() ? freeLocks(lease.id)
                        : CompletableFuture.<Void>completedFuture(null), calls.continuations());
    }

    /**
     * {@link EndNotices#tellAndWait} on one of the instance's async threads (a blocking call there, not
     * a callback per member's answer): done when every member that can be reached freed the lease's
     * locks, a member cut off or dead not waited for, and at most one try's time in all.
     */
    private CompletionStage<Void> freeLocks(long leaseId) {
        return CompletableFuture.runAsync(() -> EndNotices.tellAndWait(cluster.hz(), leaseId), calls.continuations());
    }

    @Override
    public void attach(long leaseId, Collection<String> keys) {
        List<String> checked = Checks.keys(keys, maxNameLength);
        Checks.leaseId(leaseId);
        lifecycle.ensureOpen();
        LeaseReply reply = calls.retrying(
                () -> cluster.leases().executeOnKey(leaseId, new Attach(checked, false)), Describe.lease(leaseId));
        if (!reply.isOk()) {
            throw LocalLeases.notFound(leaseId, reply);
        }
    }

    @Override
    public void detach(long leaseId, Collection<String> keys) {
        List<String> checked = Checks.keys(keys, maxNameLength);
        Checks.leaseId(leaseId);
        lifecycle.ensureOpen();
        LeaseReply reply = calls.retrying(
                () -> cluster.leases().executeOnKey(leaseId, new Attach(checked, true)), Describe.lease(leaseId));
        if (!reply.isOk()) {
            throw LocalLeases.notFound(leaseId, reply);
        }
    }

    @Override
    public LeaseInfo timeToLive(long leaseId) {
        Checks.leaseId(leaseId);
        lifecycle.ensureOpen();
        LeaseReply reply = calls.retrying(() -> cluster.leases().executeOnKey(leaseId, new LeaseRead(true)),
                Describe.lease(leaseId));
        if (!reply.isOk()) {
            throw LocalLeases.notFound(leaseId, reply);
        }
        return new LeaseInfo(leaseId, Duration.ofMillis(reply.ttl()), Duration.ofMillis(reply.remaining()),
                reply.keys());
    }

    @Override
    public List<Long> leases() {
        lifecycle.ensureOpen();
        return new ArrayList<>(cluster.leases().keySet());
    }

    @Override
    public Optional<Long> leaseOf(String key) {
        Checks.lockName(key, maxNameLength);
        lifecycle.ensureOpen();
        LockReply reply = calls.retrying(() -> cluster.locks().executeOnKey(key, new LockRead()),
                Describe.lock(key));
        return reply.code() == LockReply.Code.HELD ? Optional.of(reply.holderLease()) : Optional.empty();
    }

    @Override
    public KeepAlive keepAlive(long leaseId) {
        Checks.leaseId(leaseId);
        lifecycle.ensureOpen();
        LocalLease lease = leases.tracked(leaseId);
        if (lease == null || !lease.isValid(calls.nanoTime())) {
            // Not a lease this instance knows to be alive: one renewal checks that it exists.
            long sentAt = calls.nanoTime();
            LeaseReply reply = calls.retrying(() -> cluster.leases().executeOnKey(leaseId, new Renew()),
                    Describe.lease(leaseId));
            if (!reply.isOk()) {
                throw LocalLeases.notFound(leaseId, reply);
            }
            lease = leases.track(leaseId, sentAt, reply);
        }
        lease.keepAlive = true;
        LocalLease kept = lease;
        AtomicBoolean open = new AtomicBoolean(true);
        return new KeepAlive() {
            @Override
            public long leaseId() {
                return leaseId;
            }

            @Override
            public boolean isActive() {
                return open.get() && kept.lostReason() == null;
            }

            @Override
            public void close() {
                if (open.compareAndSet(true, false)) {
                    kept.keepAlive = false;
                }
            }
        };
    }

    @Override
    public Registration addLeaseListener(LeaseListener listener) {
        Objects.requireNonNull(listener, "listener");
        lifecycle.ensureOpen();
        UUID id = cluster.leases().addEntryListener((EntryRemovedListener<Long, LeaseRecord>) event -> {
            LeaseRecord old = event.getOldValue();
            // Members' cluster clocks differ by a few milliseconds; a revoke this close to the
            // deadline is reported as an expiry.
            long now = Time.add(cluster.hz().getCluster().getClusterTime(), CLOCK_TOLERANCE_MILLIS);
            LeaseListener.Reason reason = old != null && old.isExpired(now)
                    ? LeaseListener.Reason.EXPIRED : LeaseListener.Reason.REVOKED;
            listeners.run(() -> listener.leaseEnded(event.getKey(), reason));
        }, true);
        AtomicBoolean removed = new AtomicBoolean();
        return () -> {
            if (removed.compareAndSet(false, true)) {
                cluster.leases().removeEntryListener(id);
            }
        };
    }
}
