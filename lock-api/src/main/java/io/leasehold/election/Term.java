package io.leasehold.election;

import java.util.concurrent.CompletionStage;

/**
 * One term of leadership: from the moment a candidate took the election's lock to the moment it
 * stopped leading. A term never restarts; a candidate that leads again gets a new term with a
 * larger fence.
 */
public interface Term {

    /** The election's name. */
    String electionName();

    /** The identity of the candidate leading in this term. */
    String identity();

    /**
     * The term's fencing token: the fence of the election lock's hold, greater than the fence of
     * every earlier term of this election. Pass it with every write the leader makes and let the
     * resource refuse a lower one ({@link io.leasehold.FenceChecker}).
     */
    long fence();

    /**
     * The lease the term's lock is attached to. Locks taken with this lease (for example
     * {@code leasehold.lock(name).tryLock(term.leaseId())}) are released when the term's lease ends.
     */
    long leaseId();

    /**
     * Whether the leader may still assume it leads. Read from the clock on each call, not from the
     * election's thread: it turns false once no renewal of the term's lease has been confirmed
     * within the renew deadline (counted from when the last confirmed renewal was sent), even if the
     * election's thread is stalled, and stays false once the term has ended. A true value is a
     * belief, not a guarantee: always pass the fence to the resource.
     */
    boolean isActive();

    /** Completes (normally) when the term ends: step-down, a lost lease, or the election's close. */
    CompletionStage<Void> ended();
}
