package io.leasehold.election;

import java.time.Duration;
import java.util.Optional;

/**
 * A candidate in a leader election, running in the background from the moment it is started
 * until it is closed.
 *
 * <p><b>How leadership is held.</b> The candidate holds a lease of its own (TTL = the lease
 * duration) and, with it, tries the election's fenced lock. Whoever holds the lock leads; the
 * fence of that hold is the term's fence. The leader renews its lease every retry period; if no
 * renewal has been confirmed within the renew deadline (counted from when the last confirmed
 * renewal was <em>sent</em>), it stops leading on its own, while the members still consider its
 * lease alive for at least {@code leaseDuration - renewDeadline} longer. Nobody else can take the
 * lock before the lease ends, so two terms never overlap by the leader's own clock:
 *
 * <pre>
 *   leader A:  renew sent (t) ..... no confirmation ..... t + renewDeadline: stops leading
 *   members:                                                          t + leaseDuration: lease ends, lock free
 *   leader B:                                                                     takes the lock, fence + 1
 * </pre>
 *
 * <p><b>Why the fence still matters.</b> A leader paused (GC, swap, a stopped VM) longer than the
 * lease duration wakes up believing it leads until it looks at the clock again. The term's fence is
 * smaller than the new leader's, so a resource that checks fences refuses the old leader's writes.
 * Leadership by lease alone is a belief about time; the fence is the guarantee.
 *
 * <p>Closing is idempotent. With {@link ElectionSettings#releaseOnCancel()} a leader that is closed
 * revokes its lease, which frees the lock at once for the next candidate; without it, leadership
 * passes on only when the lease runs out.
 */
public interface LeaderElection extends AutoCloseable {

    /** The election's name. */
    String name();

    /** This candidate's identity. */
    String identity();

    /** True while this candidate is in a term that has not ended and is {@linkplain Term#isActive() active}. */
    boolean isLeader();

    /** The term this candidate leads in, if it leads. */
    Optional<Term> currentTerm();

    /**
     * The identity of the current leader as last observed (this candidate's own while it leads);
     * empty when no leader is known. Informational: it may lag the cluster by a retry period.
     */
    Optional<String> leader();

    /**
     * How many times leadership has passed to a new term since the election's record was created,
     * as last observed by this candidate. The first term counts 0; every later term (another
     * candidate, or this one again after stepping down) adds one.
     */
    long transitions();

    /**
     * Health check for a leader whose renewals have stalled (a deadlocked callback, a starved
     * thread): empty when healthy, otherwise a sentence saying why. A candidate that does not lead
     * is healthy. A leader is unhealthy when no renewal of its lease has been confirmed for longer
     * than the lease duration plus {@code maxTolerableExpiredLease}: it should have stepped down by
     * then, and a process in that state is best restarted.
     *
     * @throws NullPointerException     if {@code maxTolerableExpiredLease} is null
     * @throws IllegalArgumentException if it is negative
     */
    Optional<String> check(Duration maxTolerableExpiredLease);

    /**
     * Stops campaigning. A leader stops leading ({@link ElectionListener#stoppedLeading} is called)
     * and, with release-on-cancel, revokes its lease so the next candidate can lead at once. Waits a
     * bounded time (the renew deadline) for the election's thread to finish. Idempotent.
     */
    @Override
    void close();
}
