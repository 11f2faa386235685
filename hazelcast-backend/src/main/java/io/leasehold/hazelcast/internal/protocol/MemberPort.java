package io.leasehold.hazelcast.internal.protocol;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.hazelcast.internal.core.LeaseDecisions;
import io.leasehold.hazelcast.internal.core.HoldRecord;
import io.leasehold.hazelcast.internal.core.LockRecord;

import java.util.Set;
import java.util.function.IntConsumer;

/**
 * The member as the processors and member operations see it: its clock, its book of leases it
 * owns (the expiry heap), its book of locks, and the end of a lease. Every processor reaches the
 * member through this one interface, found in the member's user context; the member package
 * implements it and nothing here names a member class.
 *
 * <p>Everything here runs on the partition owner (the primary), never on a backup.
 */
public interface MemberPort {

    /** The key under which the member keeps its port in Hazelcast's user context. */
    String CONTEXT_KEY = "io.leasehold.member-service";

    /** The port of the member running a processor. */
    static MemberPort of(HazelcastInstance hz) {
        Object port = hz.getUserContext().get(CONTEXT_KEY);
        if (!(port instanceof MemberPort p)) {
            throw new IllegalStateException("Leasehold is not configured on member " + hz.getName()
                    + ": start it with LeaseholdConfig.apply(config)");
        }
        return p;
    }

    /** The port of a member, or null when the instance is a client or runs without Leasehold. */
    static MemberPort find(HazelcastInstance hz) {
        try {
            return hz.getUserContext().get(CONTEXT_KEY) instanceof MemberPort p ? p : null;
        } catch (UnsupportedOperationException e) {
            return null; // a client has no user context of a member
        }
    }

    // ------------------------------------------------------------------ clock and policy

    /** The member's decision clock, in milliseconds; never steps. */
    long now();

    LeaseDecisions.TtlPolicy ttlPolicy();

    /** How long a lease found by a new owner is kept alive at least (etcd's {@code Promote(extend)}). */
    long graceMillis();

    // ------------------------------------------------------------------ leases this member owns

    /** True if the member's expiry heap has the lease: false means it arrived by promotion or migration. */
    boolean isTracked(long leaseId);

    /** Puts the lease in the expiry heap with this deadline (or moves it there). */
    void track(long leaseId, long deadline);

    /** Puts the lease in the expiry heap unless it is there. */
    void trackIfAbsent(long leaseId, long deadline);

    /**
     * The lease was removed (revoked or expired): takes it off the expiry heap and starts its end:
     * every member will hear it, batched, and free the locks it held or waited on.
     */
    void leaseEnded(long leaseId);

    /** True if this member has heard (recently) that the lease ended. */
    boolean hasEnded(long leaseId);

    // ------------------------------------------------------------------ locks of this member's partitions

    /**
     * A lock processor changed a record: the member indexes it by lease, tells a waiter that was
     * handed the lock, and queues an idle record for the sweep.
     */
    void lockChanged(String name, LockRecord before, LockRecord after, long callerHold);

    /** An idle record the sweep found not yet removable: look again once its fence is old enough. */
    void idleLater(String name, long fence);

    /** The lock names of this member's partitions a lease holds or waits on. */
    Set<String> lockNamesOf(long leaseId);

    /** An operator force-released {@code before}'s hold: tell its instance the hold is lost. */
    void tellHolderLost(String name, LockRecord before);

    // ------------------------------------------------------------------ semaphores and read-write locks

    /**
     * A hold processor changed a record of the holds map: the member indexes it by lease and tells
     * each waiter that was handed permits or a hold inside the change.
     */
    void holdsChanged(String key, HoldRecord before, HoldRecord after, long callerHold);

    /** The keys of the holds map in this member's partitions that these leases hold or wait on. */
    Set<String> holdKeysOf(Set<Long> leaseIds);

    // ------------------------------------------------------------------ the end of a lease, heard here

    /** Remembers that these leases ended; the names of this member's locks they hold or wait on. */
    Set<String> endedHere(Set<Long> leaseIds);

    /** Frees those locks off the partition threads, then passes on how many records changed, exactly once. */
    void freeLater(Set<Long> leaseIds, Set<String> names, IntConsumer done);

    /** {@link #freeLater} for locks and for holds (semaphores, read-write locks) together; one count. */
    void freeLater(Set<Long> leaseIds, Set<String> lockNames, Set<String> holdKeys, IntConsumer done);

    /** Tells every member these leases ended and waits at most {@code timeoutMillis}; records changed. */
    int tellAllAndWait(Set<Long> leaseIds, long timeoutMillis);

    // ------------------------------------------------------------------ figures

    void countGrant();

    void countRenewRequest();

    void countAcquired();

    void countRemoved();
}
