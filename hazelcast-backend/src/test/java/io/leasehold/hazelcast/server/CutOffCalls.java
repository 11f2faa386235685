package io.leasehold.hazelcast.server;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Lease;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A revokeAndWait and a close on the side that keeps its quorum, made right after one member was cut
 * off and while it is still listed (issue 20): the records of the leases and of their locks have both
 * their replicas on members that answer (a write whose backup is on the cut-off member waits for
 * Hazelcast's backup timeout, whatever Leasehold does), so both return as soon as those members have
 * freed the locks, without waiting for the cut-off member to answer or to be removed. Made ready
 * before the cut.
 */
final class CutOffCalls {

    private static final Duration TTL = Duration.ofSeconds(30);

    private final Leasehold majority;
    private final Leasehold closing;
    private final long leaseId;
    private final String lockOfLease;
    private final String lockOfClosing;

    private CutOffCalls(Leasehold majority, Leasehold closing, long leaseId, String lockOfLease, String lockOfClosing) {
        this.majority = majority;
        this.closing = closing;
        this.leaseId = leaseId;
        this.lockOfLease = lockOfLease;
        this.lockOfClosing = lockOfClosing;
    }

    /**
     * A lease owned by a member other than the one to be cut off (advertised at {@code cutOffPort}), with
     * a lock held on it; and an instance of its own whose session and lock live there too.
     */
    static CutOffCalls prepare(Leasehold majority, HazelcastInstance client, ForkedMember asked, int cutOffPort,
                               List<String> avoid) throws Exception {
        Lease lease = majority.lessor().grant(TTL);
        while (onCutOff(asked.replicasOfLease(lease.id()), cutOffPort)) {
            majority.lessor().revoke(lease.id());
            lease = majority.lessor().grant(TTL);
        }
        String lockOfLease = nameAwayFrom(asked, "cut-off-revoke-", cutOffPort, avoid);
        assertTrue(majority.lock(lockOfLease).tryLock(lease.id()).isPresent(), "could not take " + lockOfLease);
        String lockOfClosing = nameAwayFrom(asked, "cut-off-close-", cutOffPort, avoid);
        while (true) {
            Leasehold closing = HazelcastLeasehold.create(client);
            assertTrue(closing.lock(lockOfClosing).tryLock(Duration.ofSeconds(10)).isPresent(),
                    "could not take " + lockOfClosing);
            if (!onCutOff(asked.replicasOfLease(closing.sessionLeaseId().orElseThrow()), cutOffPort)) {
                return new CutOffCalls(majority, closing, lease.id(), lockOfLease, lockOfClosing);
            }
            closing.close();
        }
    }

    /** revokeAndWait of the lease; how long it took, in milliseconds. */
    long revokeAndWait() {
        long started = System.nanoTime();
        majority.lessor().revokeAndWait(leaseId);
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** close of the instance; how long it took, in milliseconds. */
    long close() {
        long started = System.nanoTime();
        closing.close();
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** The locks of the revoked lease and of the closed instance that are still held (none, once they returned). */
    List<String> stillHeld() {
        List<String> held = new ArrayList<>();
        if (majority.lock(lockOfLease).holder().isPresent()) {
            held.add(lockOfLease + " (its lease was revoked and waited for)");
        }
        if (majority.lock(lockOfClosing).holder().isPresent()) {
            held.add(lockOfClosing + " (its instance was closed)");
        }
        return held;
    }

    private static boolean onCutOff(int[] replicas, int cutOffPort) {
        return replicas[0] == 0 || replicas[1] == 0 || replicas[0] == cutOffPort || replicas[1] == cutOffPort;
    }

    private static String nameAwayFrom(ForkedMember asked, String prefix, int cutOffPort, List<String> avoid)
            throws Exception {
        for (int i = 0; ; i++) {
            String name = prefix + i;
            if (!avoid.contains(name) && !onCutOff(asked.replicasOfName(name), cutOffPort)) {
                return name;
            }
        }
    }
}
