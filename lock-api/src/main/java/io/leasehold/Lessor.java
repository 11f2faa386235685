package io.leasehold;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Leases in etcd's terms. A lease has a time-to-live; it is renewed (kept alive) by its holder and,
 * when renewals stop, revoked by the member that owns it once its deadline has passed. Keys attached
 * to a lease are lock names: revoking the lease releases every attached lock the lease still holds.
 *
 * <p>All TTLs are in milliseconds precision. A TTL below the members' minimum or above the maximum
 * is refused with an {@link IllegalArgumentException} that names the bound, never changed. A lease
 * lasts at least its TTL in real time from when its owner granted or renewed it, however the owner's
 * clock slews toward cluster time.
 */
public interface Lessor {

    /**
     * Grants a new lease.
     *
     * @throws NullPointerException     if {@code ttl} is null
     * @throws IllegalArgumentException if {@code ttl} is zero, negative, below the members' minimum or
     *                                  above the maximum
     */
    Lease grant(Duration ttl);

    CompletionStage<Lease> grantAsync(Duration ttl);

    /**
     * Renews the lease: its deadline becomes now plus its TTL.
     *
     * @return the lease's TTL
     * @throws LeaseNotFoundException if the lease is unknown, expired or revoked
     */
    Duration renew(long leaseId);

    CompletionStage<Duration> renewAsync(long leaseId);

    /**
     * Revokes the lease now: when this returns the lease is gone, no lock can be taken with it, and
     * every lock it holds is being freed by the cluster (its holder's handles are invalid, its
     * waiters' entries dropped, each lock handed to its next waiter), typically within milliseconds.
     * One round trip. Use {@link #revokeAndWait} to return only once those locks are free.
     *
     * @throws LeaseNotFoundException if the lease is unknown or already revoked
     */
    void revoke(long leaseId);

    /** {@link #revoke} without blocking: completes once the lease is gone. */
    CompletionStage<Void> revokeAsync(long leaseId);

    /**
     * {@link #revoke}, and returns only once every lock the lease held is free (or, if a member does
     * not answer within a few seconds, once the others are: that member frees its locks when the news
     * reaches it, or the next acquirer does once the lease's TTL has passed). Implementations whose
     * {@code revoke} already waits for the locks need not override it.
     *
     * @throws LeaseNotFoundException if the lease is unknown or already revoked
     */
    default void revokeAndWait(long leaseId) {
        revoke(leaseId);
    }

    /**
     * Attaches keys (lock names) to the lease.
     *
     * @throws LeaseNotFoundException if the lease is unknown, expired or revoked
     */
    void attach(long leaseId, Collection<String> keys);

    /**
     * Detaches keys from the lease. Keys not attached are ignored.
     *
     * @throws LeaseNotFoundException if the lease is unknown, expired or revoked
     */
    void detach(long leaseId, Collection<String> keys);

    /**
     * Reports the lease's granted TTL, remaining TTL and attached keys.
     *
     * @throws LeaseNotFoundException if the lease is unknown, expired or revoked
     */
    LeaseInfo timeToLive(long leaseId);

    /** The ids of all live leases. A full scan of the cluster: meant for tools, not hot paths. */
    List<Long> leases();

    /** The lease holding the lock named {@code key} (etcd's {@code GetLease}); empty when it is free. */
    Optional<Long> leaseOf(String key);

    /**
     * Keeps the lease alive in the background at about a third of its TTL, batched with the other
     * leases this instance keeps alive. Close the returned handle to stop.
     *
     * @throws LeaseNotFoundException if the lease is unknown, expired or revoked
     */
    KeepAlive keepAlive(long leaseId);

    /** Registers a listener told of every lease that expired or was revoked (etcd's {@code ExpiredLeasesC}). */
    Registration addLeaseListener(LeaseListener listener);
}
