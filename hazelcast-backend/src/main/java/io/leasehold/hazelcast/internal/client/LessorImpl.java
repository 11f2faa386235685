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
import io.leasehold.LeaseNotFoundException;
import io.leasehold.Lessor;
import io.leasehold.Registration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** The {@link Lessor} of a {@link LeaseholdClient}: each call is one entry processor on the lease's owner. */
final class LessorImpl implements Lessor {

    private static final Logger LOG = LoggerFactory.getLogger(LessorImpl.class);
    private static final long CLOCK_TOLERANCE_MILLIS = 250;
    private final LeaseholdClient client;

    LessorImpl(LeaseholdClient client) {
        this.client = client;
    }

    @Override
    public Lease grant(Duration ttl) {
        long millis = Checks.ttlMillis(ttl, client.settings.maxTtl());
        client.ensureOpen();
        LocalLease lease = client.grantNow(millis, false);
        return new Lease(lease.id, Duration.ofMillis(lease.ttlMillis));
    }

    @Override
    public CompletionStage<Lease> grantAsync(Duration ttl) {
        long millis = Checks.ttlMillis(ttl, client.settings.maxTtl());
        client.ensureOpen();
        return client.grantLocal(millis, false).thenApplyAsync(l -> new Lease(l.id, Duration.ofMillis(l.ttlMillis)),
                client.continuations());
    }

    @Override
    public Duration renew(long leaseId) {
        Checks.leaseId(leaseId);
        client.ensureOpen();
        long sentAt = client.nanoTime();
        return renewed(leaseId, sentAt, client.retrying(
                () -> client.leases.executeOnKey(leaseId, new Renew()), Describe.lease(leaseId)));
    }

    private Duration renewed(long leaseId, long sentAt, LeaseReply reply) {
        LocalLease local = client.trackedLease(leaseId);
        if (!reply.isOk()) {
            if (local != null) {
                client.leaseLost(local, Describe.lease(leaseId) + " was found "
                        + Describe.failure(reply.failure()) + " when renewing it");
            }
            throw notFound(leaseId, reply);
        }
        if (local != null) {
            client.confirmed(local, sentAt, reply, true);
        }
        return Duration.ofMillis(reply.ttl());
    }

    @Override
    public CompletionStage<Duration> renewAsync(long leaseId) {
        Checks.leaseId(leaseId);
        client.ensureOpen();
        long sentAt = client.nanoTime();
        return client.leases.submitToKey(leaseId, new Renew())
                .thenApplyAsync(reply -> renewed(leaseId, sentAt, reply), client.continuations());
    }

    @Override
    public void revoke(long leaseId) {
        Checks.leaseId(leaseId);
        client.ensureOpen();
        LeaseReply reply = client.call(() -> client.leases.executeOnKey(leaseId, new Revoke()),
                Describe.lease(leaseId));
        if (!reply.isOk()) {
            throw notFound(leaseId, reply);
        }
        LocalLease local = client.trackedLease(leaseId);
        if (local != null) {
            client.leaseLost(local, Describe.lease(leaseId) + " was revoked");
        }
        EndNotices.tellAndWait(client.hz, leaseId);
    }

    @Override
    public CompletionStage<Void> revokeAsync(long leaseId) {
        Checks.leaseId(leaseId);
        client.ensureOpen();
        return client.leases.submitToKey(leaseId, new Revoke()).thenComposeAsync(reply -> {
            if (!reply.isOk()) {
                throw notFound(leaseId, reply);
            }
            LocalLease local = client.trackedLease(leaseId);
            if (local != null) {
                client.leaseLost(local, Describe.lease(leaseId) + " was revoked");
            }
            return freeLocks(leaseId);
        }, client.continuations());
    }

    /** Revokes a lease this instance holds (on close), freeing its locks. */
    CompletionStage<Void> revokeLocal(LocalLease lease, String reason) {
        client.leaseLost(lease, reason);
        return client.leases.submitToKey(lease.id, new Revoke())
                .thenComposeAsync(reply -> reply.isOk() ? freeLocks(lease.id)
                        : CompletableFuture.<Void>completedFuture(null), client.continuations());
    }

    /** {@link EndNotices#tell} without blocking; continuations run on the instance's own executor. */
    private CompletionStage<Void> freeLocks(long leaseId) {
        List<? extends Future<Integer>> sent;
        try {
            sent = EndNotices.tell(client.hz, leaseId);
        } catch (RuntimeException e) {
            LOG.debug("Revoked {}; could not ask the members to free its locks", Describe.lease(leaseId), e);
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(sent.size());
        Runnable answered = () -> {
            if (left.decrementAndGet() == 0) {
                done.complete(null);
            }
        };
        if (sent.isEmpty()) {
            done.complete(null);
        }
        for (Future<Integer> f : sent) {
            if (f instanceof CompletionStage<?> stage) {
                // On the instance's own executor: Hazelcast's default one may start a thread per answer.
                stage.whenCompleteAsync((ignored, error) -> answered.run(), client.continuations());
            } else {
                answered.run();
            }
        }
        // A member that stopped answering does not hold the caller up past one try's time.
        return done.completeOnTimeout(null, LeaseholdClient.ATTEMPT_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void attach(long leaseId, Collection<String> keys) {
        List<String> checked = Checks.keys(keys, client.settings.maxNameLength());
        Checks.leaseId(leaseId);
        client.ensureOpen();
        LeaseReply reply = client.retrying(
                () -> client.leases.executeOnKey(leaseId, new Attach(checked, false)), Describe.lease(leaseId));
        if (!reply.isOk()) {
            throw notFound(leaseId, reply);
        }
    }

    @Override
    public void detach(long leaseId, Collection<String> keys) {
        List<String> checked = Checks.keys(keys, client.settings.maxNameLength());
        Checks.leaseId(leaseId);
        client.ensureOpen();
        LeaseReply reply = client.retrying(
                () -> client.leases.executeOnKey(leaseId, new Attach(checked, true)), Describe.lease(leaseId));
        if (!reply.isOk()) {
            throw notFound(leaseId, reply);
        }
    }

    @Override
    public LeaseInfo timeToLive(long leaseId) {
        Checks.leaseId(leaseId);
        client.ensureOpen();
        LeaseReply reply = client.retrying(() -> client.leases.executeOnKey(leaseId, new LeaseRead(true)),
                Describe.lease(leaseId));
        if (!reply.isOk()) {
            throw notFound(leaseId, reply);
        }
        return new LeaseInfo(leaseId, Duration.ofMillis(reply.ttl()), Duration.ofMillis(reply.remaining()),
                reply.keys());
    }

    @Override
    public List<Long> leases() {
        client.ensureOpen();
        return new ArrayList<>(client.leases.keySet());
    }

    @Override
    public Optional<Long> leaseOf(String key) {
        Checks.lockName(key, client.settings.maxNameLength());
        client.ensureOpen();
        LockReply reply = client.retrying(() -> client.locks.executeOnKey(key, new LockRead()),
                Describe.lock(key));
        return reply.code() == LockReply.Code.HELD ? Optional.of(reply.holderLease()) : Optional.empty();
    }

    @Override
    public KeepAlive keepAlive(long leaseId) {
        Checks.leaseId(leaseId);
        client.ensureOpen();
        LocalLease lease = client.trackedLease(leaseId);
        if (lease == null || !lease.isValid(client.nanoTime())) {
            // Not a lease this instance knows to be alive: one renewal checks that it exists.
            long sentAt = client.nanoTime();
            LeaseReply reply = client.retrying(() -> client.leases.executeOnKey(leaseId, new Renew()),
                    Describe.lease(leaseId));
            if (!reply.isOk()) {
                throw notFound(leaseId, reply);
            }
            lease = client.track(leaseId, sentAt, reply);
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
        client.ensureOpen();
        UUID id = client.leases.addEntryListener((EntryRemovedListener<Long, LeaseRecord>) event -> {
            LeaseRecord old = event.getOldValue();
            // Members' cluster clocks differ by a few milliseconds; a revoke this close to the
            // deadline is reported as an expiry.
            long now = Time.add(client.hz.getCluster().getClusterTime(), CLOCK_TOLERANCE_MILLIS);
            LeaseListener.Reason reason = old != null && old.isExpired(now)
                    ? LeaseListener.Reason.EXPIRED : LeaseListener.Reason.REVOKED;
            client.runListener(() -> listener.leaseEnded(event.getKey(), reason));
        }, true);
        AtomicBoolean removed = new AtomicBoolean();
        return () -> {
            if (removed.compareAndSet(false, true)) {
                client.leases.removeEntryListener(id);
            }
        };
    }

    static LeaseNotFoundException notFound(long leaseId, LeaseReply reply) {
        return new LeaseNotFoundException(leaseId, Describe.failure(reply.failure()));
    }
}
