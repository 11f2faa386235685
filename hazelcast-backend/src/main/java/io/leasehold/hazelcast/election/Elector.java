package io.leasehold.hazelcast.election;

import com.hazelcast.map.IMap;
import io.leasehold.Lease;
import io.leasehold.LeaseException;
import io.leasehold.LeaseLock;
import io.leasehold.LeaseNotFoundException;
import io.leasehold.Leasehold;
import io.leasehold.Lessor;
import io.leasehold.LockHandle;
import io.leasehold.LockHolder;
import io.leasehold.election.ElectionListener;
import io.leasehold.election.ElectionSettings;
import io.leasehold.election.LeaderElection;
import io.leasehold.election.Term;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * One candidate, run by one thread of its own.
 *
 * <p><b>Campaigning.</b> Each round renews the candidate's lease (or grants one), tries the
 * election's lock once without waiting (which also clears a holder whose lease is gone), and
 * otherwise waits in the lock's queue for up to a retry period, so a released lock is handed to a
 * follower at once rather than at its next poll. A round that fails with an error is followed by a
 * jittered pause. After a round the follower reads who holds the lock and the published record.
 *
 * <p><b>Leading.</b> The leader sends a renewal every retry period, without blocking its thread, and
 * looks again at the exact instant its renew deadline would pass. If no renewal sent in the last
 * renew deadline has been confirmed by then, or the lease is found gone, it steps down: the term
 * ends, {@link ElectionListener#stoppedLeading} is called, and then the lease is revoked (best
 * effort) so the next candidate need not wait for it to run out.
 *
 * <p>State: the phase sits in one atomic reference (campaigning, leading a term, closed); the
 * thread and {@link #close()} move it with compare-and-set, and whoever moves it out of "leading"
 * ends that term, so each term ends once. Everything else is touched by the election's thread only.
 *
 * <p><b>Why one class of this size.</b> It is a single-threaded state machine: campaigning, leading
 * and stepping down share the phase, the lease and the deadlines, and splitting them would spread
 * one thread's state over several objects that must then be kept in step. The pure deadline
 * arithmetic is apart ({@link Deadlines}), and so are the record and the term ({@link ElectionRecord},
 * {@link TermImpl}).
 */
final class Elector implements LeaderElection {

    /** The map leaders publish their record in, keyed by election name. */
    static final String RECORDS = io.leasehold.hazelcast.internal.core.Maps.ELECTIONS;
    /** Prefix of the lock an election is decided by. */
    static final String LOCK_PREFIX = "election/";

    private static final Logger LOG = LoggerFactory.getLogger(Elector.class);
    private static final int PUBLISH_ATTEMPTS = 8;

    private sealed interface Phase permits Campaigning, Leading, Closed {
    }

    private static final class Campaigning implements Phase {
    }

    private record Leading(TermImpl term, LockHandle handle) implements Phase {
    }

    private static final class Closed implements Phase {
    }

    private static final Phase CAMPAIGNING = new Campaigning();
    private static final Phase CLOSED = new Closed();

    private final ElectionSettings settings;
    private final String name;
    private final String identity;
    private final Lessor lessor;
    private final LeaseLock lock;
    private final IMap<String, String> records;
    private final ElectionListener listener;
    private final Deadlines deadlines;
    private final LongSupplier clock;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicReference<Phase> phase = new AtomicReference<>(CAMPAIGNING);
    private volatile Thread thread;
    private volatile String observedLeader;
    private volatile long transitions;

    private final Object waitGuard = new Object();
    private boolean waiting; // guarded by waitGuard

    // The election thread's own state.
    private long leaseId;
    private long leaseRenewedAt;
    private String reportedLeader;

    Elector(IMap<String, String> records, Leasehold leasehold, ElectionSettings settings, ElectionListener listener) {
        this.settings = settings;
        this.name = settings.name();
        this.identity = settings.identity();
        this.lessor = leasehold.lessor();
        this.lock = leasehold.lock(LOCK_PREFIX + name);
        this.records = records;
        this.listener = listener;
        this.deadlines = Deadlines.of(settings);
        this.clock = settings.nanoClock();
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "leasehold-election-" + name + "-" + identity);
            t.setDaemon(true);
            thread = t;
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
    }

    void start() {
        run(this::campaign);
    }

    // ------------------------------------------------------------------ LeaderElection

    @Override
    public String name() {
        return name;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public boolean isLeader() {
        return phase.get() instanceof Leading leading && leading.term().isActive();
    }

    @Override
    public Optional<Term> currentTerm() {
        return phase.get() instanceof Leading leading ? Optional.of(leading.term()) : Optional.empty();
    }

    @Override
    public Optional<String> leader() {
        return Optional.ofNullable(observedLeader);
    }

    @Override
    public long transitions() {
        return transitions;
    }

    @Override
    public Optional<String> check(Duration maxTolerableExpiredLease) {
        Objects.requireNonNull(maxTolerableExpiredLease, "maxTolerableExpiredLease");
        if (maxTolerableExpiredLease.isNegative()) {
            throw new IllegalArgumentException("maxTolerableExpiredLease must not be negative, got "
                    + maxTolerableExpiredLease);
        }
        if (!(phase.get() instanceof Leading leading)) {
            return Optional.empty();
        }
        long now = clock.getAsLong();
        long renewedAt = leading.term().renewedAt();
        if (!deadlines.overdue(now, renewedAt, Deadlines.nanos(maxTolerableExpiredLease))) {
            return Optional.empty();
        }
        return Optional.of("election '" + name + "': leader '" + identity + "' (term fence " + leading.term().fence()
                + ") has had no lease renewal confirmed for " + Duration.ofNanos(now - renewedAt)
                + ", more than leaseDuration " + settings.leaseDuration() + " plus " + maxTolerableExpiredLease
                + "; it should have stepped down by now");
    }

    @Override
    public void close() {
        Phase previous;
        do {
            previous = phase.get();
            if (previous == CLOSED) {
                return;
            }
        } while (!phase.compareAndSet(previous, CLOSED));
        Phase was = previous;
        if (Thread.currentThread() == thread) {
            finish(was);
            return;
        }
        Future<?> finished;
        try {
            finished = executor.submit(() -> finish(was));
        } catch (RejectedExecutionException e) {
            return;
        }
        synchronized (waitGuard) {
            if (waiting) {
                thread.interrupt(); // cuts a follower's wait in the lock's queue short
            }
        }
        try {
            finished.get(deadlines.renewDeadlineNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.warn("Election '{}' ({}) failed to close cleanly", name, identity, e.getCause());
        } catch (TimeoutException e) {
            LOG.warn("Election '{}' ({}): its thread did not finish within {}; it will finish in the background",
                    name, identity, settings.renewDeadline());
        }
    }

    @Override
    public String toString() {
        return "LeaderElection{name='" + name + "', identity='" + identity + "', leader=" + observedLeader + '}';
    }

    // ------------------------------------------------------------------ campaigning

    private void campaign() {
        if (phase.get() != CAMPAIGNING) {
            return;
        }
        try {
            Optional<LockHandle> won = tryAcquire();
            if (won.isPresent() && begin(won.get())) {
                return;
            }
            if (won.isEmpty()) {
                observe();
            }
            run(this::campaign);
        } catch (RuntimeException e) {
            LOG.debug("Election '{}' ({}): campaign round failed; retrying after a pause", name, identity, e);
            schedule(this::campaign, deadlines.jitteredRetry(ThreadLocalRandom.current().nextDouble()));
        }
    }

    /** Renews (or grants) the candidate's lease, then tries the lock at once and, failing that, waits in its queue. */
    private Optional<LockHandle> tryAcquire() {
        if (leaseId != 0) {
            long sentAt = clock.getAsLong();
            try {
                lessor.renew(leaseId);
                leaseRenewedAt = sentAt;
            } catch (LeaseNotFoundException gone) {
                LOG.debug("Election '{}' ({}): {} is gone; granting a new one", name, identity,
                        LeaseException.format(leaseId));
                leaseId = 0;
            }
        }
        if (leaseId == 0) {
            long sentAt = clock.getAsLong();
            Lease lease = lessor.grant(settings.leaseDuration());
            leaseId = lease.id();
            leaseRenewedAt = sentAt;
        }
        Optional<LockHandle> now = lock.tryLock(leaseId);
        if (now.isPresent()) {
            return now;
        }
        synchronized (waitGuard) {
            if (phase.get() != CAMPAIGNING) {
                return Optional.empty();
            }
            waiting = true;
        }
        try {
            return lock.tryLock(leaseId, settings.retryPeriod());
        } catch (InterruptedException closing) {
            return Optional.empty();
        } catch (LeaseNotFoundException gone) {
            leaseId = 0;
            return Optional.empty();
        } finally {
            synchronized (waitGuard) {
                waiting = false;
                Thread.interrupted(); // an interrupt from close() is spent here, whatever the wait returned
            }
        }
    }

    /** Starts a term with the lock just taken. False (and the lock given back) if the hold is already too old or stale. */
    private boolean begin(LockHandle handle) {
        if (deadlines.mustStepDown(clock.getAsLong(), leaseRenewedAt)) {
            LOG.warn("Election '{}' ({}): took the lock (fence {}) too late in its lease to lead; giving it back",
                    name, identity, handle.fence());
            giveBack(handle);
            return false;
        }
        ElectionRecord record = null;
        try {
            record = publish(handle.fence());
        } catch (RuntimeException e) {
            LOG.warn("Election '{}' ({}): could not publish its leadership (fence {}); leading regardless",
                    name, identity, handle.fence(), e);
        }
        if (record != null && record.fence() > handle.fence()) {
            LOG.warn("Election '{}' ({}): a later term (fence {}, '{}') is already published over fence {}; not leading",
                    name, identity, record.fence(), record.identity(), handle.fence());
            giveBack(handle);
            return false;
        }
        if (deadlines.mustStepDown(clock.getAsLong(), leaseRenewedAt)) {
            LOG.warn("Election '{}' ({}): publishing took the lease past its renew deadline; giving the lock back",
                    name, identity);
            giveBack(handle);
            return false;
        }
        TermImpl term = new TermImpl(name, identity, handle.fence(), leaseId, deadlines, clock, leaseRenewedAt);
        Leading leading = new Leading(term, handle);
        if (!phase.compareAndSet(CAMPAIGNING, leading)) {
            return true; // closed meanwhile: finish() revokes the lease, which releases the lock
        }
        if (record != null) {
            transitions = record.transitions();
        }
        observedLeader = identity;
        LOG.info("Election '{}': '{}' started leading, term fence {}, {}", name, identity, term.fence(),
                LeaseException.format(leaseId));
        report(identity);
        call("startedLeading", () -> listener.startedLeading(term));
        run(() -> lead(leading));
        return true;
    }

    private void giveBack(LockHandle handle) {
        try {
            handle.unlock();
        } catch (RuntimeException e) {
            LOG.debug("Election '{}' ({}): could not give back fence {}", name, identity, handle.fence(), e);
        }
    }

    /** Writes this term's record unless a later term's is there; returns what the map holds afterwards. */
    private ElectionRecord publish(long fence) {
        for (int attempt = 0; attempt < PUBLISH_ATTEMPTS; attempt++) {
            String raw = records.get(name);
            ElectionRecord previous = decodeOrNull(raw);
            ElectionRecord next = ElectionRecord.next(previous, fence, identity);
            if (next == null) {
                return previous;
            }
            String encoded = next.encode();
            boolean written = raw == null ? records.putIfAbsent(name, encoded) == null
                    : records.replace(name, raw, encoded);
            if (written) {
                return next;
            }
        }
        throw new IllegalStateException("election '" + name + "': the record changed " + PUBLISH_ATTEMPTS
                + " times while publishing fence " + fence);
    }

    /** A follower's look at who leads: the lock's holder, named by the record if the record is the holder's. */
    private void observe() {
        Optional<LockHolder> holder = lock.holder();
        ElectionRecord record = decodeOrNull(records.get(name));
        if (record != null) {
            transitions = record.transitions();
        }
        String seen = holder.isPresent() && record != null && record.fence() == holder.get().fence()
                ? record.identity() : null;
        observedLeader = seen;
        if (seen != null) {
            report(seen);
        }
    }

    private void report(String leader) {
        if (!leader.equals(reportedLeader)) {
            reportedLeader = leader;
            call("newLeader", () -> listener.newLeader(leader));
        }
    }

    private ElectionRecord decodeOrNull(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return ElectionRecord.decode(raw);
        } catch (IllegalArgumentException e) {
            LOG.warn("Election '{}': ignoring a malformed record in map '{}'", name, RECORDS, e);
            return null;
        }
    }

    // ------------------------------------------------------------------ leading

    private void lead(Leading leading) {
        if (phase.get() != leading) {
            return;
        }
        TermImpl term = leading.term();
        try {
            if (deadlines.mustStepDown(clock.getAsLong(), term.renewedAt())) {
                stepDown(leading, "no renewal of its lease was confirmed within renewDeadline " + settings.renewDeadline());
                return;
            }
            if (!leading.handle().isValid()) {
                stepDown(leading, "its hold on the lock is no longer valid (the lease was found revoked or expired)");
                return;
            }
            if (!term.renewInFlight) {
                term.renewInFlight = true;
                long sentAt = clock.getAsLong();
                try {
                    lessor.renewAsync(term.leaseId())
                            .whenComplete((ttl, error) -> run(() -> renewed(leading, sentAt, error)));
                } catch (RuntimeException e) {
                    term.renewInFlight = false;
                    LOG.debug("Election '{}' ({}): could not send a renewal", name, identity, e);
                }
            }
        } finally {
            if (phase.get() == leading) {
                schedule(() -> lead(leading), deadlines.nextLeaderTick(clock.getAsLong(), term.renewedAt()));
            }
        }
    }

    private void renewed(Leading leading, long sentAt, Throwable error) {
        TermImpl term = leading.term();
        term.renewInFlight = false;
        if (phase.get() != leading) {
            return;
        }
        if (error == null) {
            term.renewed(sentAt);
            return;
        }
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof LeaseNotFoundException) {
            stepDown(leading, "its lease was found gone: " + cause.getMessage());
        } else {
            LOG.debug("Election '{}' ({}): a renewal failed; retrying", name, identity, cause);
        }
    }

    private void stepDown(Leading leading, String reason) {
        if (!phase.compareAndSet(leading, CAMPAIGNING)) {
            return; // closed: finish() ends the term
        }
        endTerm(leading.term(), reason);
        // The lease may still be alive on the members: revoke it so the next leader need not wait for it.
        long old = leading.term().leaseId();
        leaseId = 0;
        try {
            lessor.revokeAsync(old).whenComplete((ignored, error) -> {
                if (error != null) {
                    LOG.debug("Election '{}' ({}): revoke of {} after stepping down failed", name, identity,
                            LeaseException.format(old), error);
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("Election '{}' ({}): could not revoke {} after stepping down", name, identity,
                    LeaseException.format(old), e);
        }
        schedule(this::campaign, deadlines.jitteredRetry(ThreadLocalRandom.current().nextDouble()));
    }

    private void endTerm(TermImpl term, String reason) {
        if (!term.end()) {
            return;
        }
        if (identity.equals(observedLeader)) {
            observedLeader = null;
        }
        LOG.info("Election '{}': '{}' stopped leading, term fence {}: {}", name, identity, term.fence(), reason);
        call("stoppedLeading", () -> listener.stoppedLeading(term));
    }

    /** The last step, on the election's thread: end a term, release if asked, stop the thread. */
    private void finish(Phase was) {
        Thread.interrupted();
        try {
            if (was instanceof Leading leading) {
                endTerm(leading.term(), "the election was closed");
                if (settings.releaseOnCancel()) {
                    revokeQuietly(leading.term().leaseId());
                }
            } else if (leaseId != 0) {
                revokeQuietly(leaseId); // a follower's lease holds nothing worth keeping
            }
        } finally {
            leaseId = 0;
            executor.shutdown();
        }
    }

    private void revokeQuietly(long id) {
        try {
            lessor.revoke(id);
        } catch (LeaseNotFoundException gone) {
            LOG.debug("Election '{}' ({}): {} was already gone", name, identity, LeaseException.format(id));
        } catch (RuntimeException e) {
            LOG.warn("Election '{}' ({}): could not revoke {}; it will run out by itself", name, identity,
                    LeaseException.format(id), e);
        }
    }

    // ------------------------------------------------------------------ plumbing

    private void call(String callback, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("Election '{}' ({}): the {} callback failed", name, identity, callback, e);
        }
    }

    private void run(Runnable task) {
        schedule(task, 0);
    }

    private void schedule(Runnable task, long delayNanos) {
        try {
            executor.schedule(() -> guarded(task), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // the election was closed
        }
    }

    /** Runs a step; the loops reschedule themselves, so a step that fails unexpectedly is only logged. */
    private void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("Election '{}' ({}): unexpected failure", name, identity, e);
        }
    }
}
