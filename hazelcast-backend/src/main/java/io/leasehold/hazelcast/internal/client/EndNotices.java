package io.leasehold.hazelcast.internal.client;

import io.leasehold.hazelcast.internal.core.Describe;
import io.leasehold.hazelcast.internal.core.Time;
import io.leasehold.hazelcast.internal.protocol.LeasesEnded;
import io.leasehold.hazelcast.internal.protocol.LocalMember;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.Partition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A revoker's own notice of a lease's end (the owner sends one anyway): every member frees the locks
 * the lease held or waited on, and the revoker waits for it, so that when a revoke returns those
 * locks are free. On a member that is one {@code LeasesEndedOperation} per member; a client asks one
 * member to do that for it ({@link LeasesEnded}), since it cannot send member-to-member operations.
 * A member that does not answer frees the locks from the owner's notice, or the lazy path does within
 * one TTL: the lease is revoked either way. A member that cannot be reached (cut off, or dead and not
 * yet removed) is not waited for (see {@code LeaseEnds#tellAllAndWait}).
 */
public final class EndNotices {

    private static final Logger LOG = LoggerFactory.getLogger(EndNotices.class);
    private static final long WAIT_MILLIS = Time.ATTEMPT_MILLIS;

    private EndNotices() {
    }

    /** Tells the members and waits for their answers (blocking: a continuation would cost a thread hop). */
    public static void tellAndWait(HazelcastInstance hz, long leaseId) {
        LocalMember member = LocalMember.find(hz);
        if (member != null) {
            try {
                member.tellAllAndWait(Set.of(leaseId), WAIT_MILLIS);
            } catch (RuntimeException e) {
                // The lease is revoked; this member is stopping, or a member could not be asked.
                LOG.debug("Revoked {}; not every member confirmed freeing its locks", Describe.lease(leaseId), e);
            }
            return;
        }
        try {
            askOneMember(hz, leaseId).get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("Revoked {}; not every member confirmed freeing its locks", Describe.lease(leaseId), e);
        }
    }

    private static Future<Integer> askOneMember(HazelcastInstance hz, long leaseId) {
        Partition partition = hz.getPartitionService().getPartition(leaseId);
        Member target = partition.getOwner() != null ? partition.getOwner()
                : hz.getCluster().getMembers().iterator().next();
        return hz.getExecutorService(LeasesEnded.EXECUTOR).submitToMember(new LeasesEnded(Set.of(leaseId)), target);
    }
}
