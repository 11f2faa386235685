package io.leasehold.hazelcast.election;

import io.leasehold.LeaseException;
import io.leasehold.election.Term;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/** One term. Its activity is read from the clock on every call, so it is truthful even when the election's thread is stalled. */
final class TermImpl implements Term {

    private final String electionName;
    private final String identity;
    private final long fence;
    private final long leaseId;
    private final Deadlines deadlines;
    private final LongSupplier clock;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private volatile long renewedAt;
    /** Whether a renewal of this term's lease is on its way; touched by the election's thread only. */
    boolean renewInFlight;

    TermImpl(String electionName, String identity, long fence, long leaseId, Deadlines deadlines, LongSupplier clock,
             long renewedAt) {
        this.electionName = electionName;
        this.identity = identity;
        this.fence = fence;
        this.leaseId = leaseId;
        this.deadlines = deadlines;
        this.clock = clock;
        this.renewedAt = renewedAt;
    }

    @Override
    public String electionName() {
        return electionName;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public long fence() {
        return fence;
    }

    @Override
    public long leaseId() {
        return leaseId;
    }

    @Override
    public boolean isActive() {
        return !ended.isDone() && !deadlines.mustStepDown(clock.getAsLong(), renewedAt);
    }

    @Override
    public CompletionStage<Void> ended() {
        return ended.minimalCompletionStage();
    }

    long renewedAt() {
        return renewedAt;
    }

    /** A renewal sent at {@code sentAt} was confirmed; the reading only moves forward. Election thread only. */
    void renewed(long sentAt) {
        renewedAt = Deadlines.later(renewedAt, sentAt);
    }

    /** Ends the term; true the first time. */
    boolean end() {
        return ended.complete(null);
    }

    @Override
    public String toString() {
        return "Term{election='" + electionName + "', identity='" + identity + "', fence=" + fence + ", "
                + LeaseException.format(leaseId) + (ended.isDone() ? ", ended" : "") + '}';
    }
}
