package io.leasehold.election;

/**
 * Told of an election's transitions, on the election's own thread, one call at a time and in
 * order: for each term {@link #startedLeading} once and then {@link #stoppedLeading} once.
 *
 * <p><b>Return quickly.</b> The election renews its lease on the same thread, so a callback that
 * blocks stalls the renewals: the lease then runs out on the cluster, {@link Term#isActive()} turns
 * false, and {@link LeaderElection#check} reports the stall. Hand long work to a thread of your
 * own and let it watch {@link Term#isActive()} or {@link Term#ended()}.
 */
@FunctionalInterface
public interface ElectionListener {

    /** This candidate leads. The term carries the fence to pass to protected resources. */
    void startedLeading(Term term);

    /**
     * This candidate no longer leads in {@code term}: a renewal was not confirmed within the renew
     * deadline, the lease was found gone, or the election was closed. Called after
     * {@link Term#ended()} has completed.
     */
    default void stoppedLeading(Term term) {
    }

    /**
     * A leader other than the last one reported was observed (this candidate included, just before
     * {@link #startedLeading}). Followers learn of a new leader within about a retry period.
     */
    default void newLeader(String identity) {
    }
}
