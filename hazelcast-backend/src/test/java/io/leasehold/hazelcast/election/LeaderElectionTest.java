package io.leasehold.hazelcast.election;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.FenceChecker;
import io.leasehold.Leasehold;
import io.leasehold.election.ElectionListener;
import io.leasehold.election.ElectionSettings;
import io.leasehold.election.LeaderElection;
import io.leasehold.election.Term;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Elections on three real members on loopback. Candidates on different members each use a
 * {@link Leasehold} of their own member, as separate processes would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeaderElectionTest {

    static final Duration LEASE = Duration.ofSeconds(2);
    static final Duration RENEW_DEADLINE = Duration.ofMillis(1_500);
    static final Duration RETRY = Duration.ofMillis(400);
    /** What the members may add to a dead leader's lease: detecting the death, the promotion grace, the revoker. */
    static final Duration LAG = Duration.ofSeconds(6);

    private TestCluster cluster;
    private final List<Leasehold> leaseholds = new ArrayList<>();
    private final List<LeaderElection> elections = new CopyOnWriteArrayList<>();
    /** Every term any candidate of the running test led, by fence, with start and stop times from the callbacks. */
    private final Map<Long, Span> terms = new ConcurrentHashMap<>();

    @BeforeAll
    void start() {
        cluster = new TestCluster(3);
        for (HazelcastInstance member : cluster.members) {
            leaseholds.add(HazelcastLeasehold.create(member));
        }
    }

    @AfterEach
    void closeElections() {
        elections.forEach(LeaderElection::close);
        elections.clear();
        terms.clear();
    }

    @AfterAll
    void stop() {
        leaseholds.forEach(Leasehold::close);
        cluster.close();
    }

    // ------------------------------------------------------------------ tests

    @Test
    @Order(0)
    void exampleFromTheReadmeRuns() throws Exception {
        FenceChecker reports = new FenceChecker();
        long fence = ElectionExample.run(cluster.first(), reports);
        assertEquals(fence, reports.highest("nightly-report"));
        // It released on close: the election's lock is free, and nobody's lease is left holding it.
        assertTrue(leaseholds.get(1).lock(Elector.LOCK_PREFIX + "nightly-report").holder().isEmpty());
        assertTrue(leaseholds.get(1).lessor().leaseOf(Elector.LOCK_PREFIX + "nightly-report").isEmpty());
    }

    @Test
    @Order(1)
    void closeWithReleaseOnCancelHandsLeadershipOverAtOnce() {
        String name = unique("release");
        Recorder[] r = {new Recorder("a"), new Recorder("b")};
        LeaderElection[] e = {start(0, name, "a", true, r[0]), start(1, name, "b", true, r[1])};
        int first = awaitSingleLeader(e);
        int other = 1 - first;
        Term t1 = e[first].currentTerm().orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> e[other].leader().equals(Optional.of(e[first].identity())));

        long closedAt = System.nanoTime();
        e[first].close();
        // Closing ended the term and told the listener before it returned.
        assertTrue(t1.ended().toCompletableFuture().isDone());
        assertFalse(t1.isActive());
        assertFalse(e[first].isLeader());
        assertEquals(List.of("start:" + t1.fence(), "stop:" + t1.fence()), r[first].termEvents());

        await().atMost(LEASE).until(e[other]::isLeader);
        Duration handover = Duration.ofNanos(System.nanoTime() - closedAt);
        // Without the release the next leader would wait for the lease to run out (about 1.6 s at least).
        assertTrue(handover.compareTo(LEASE.dividedBy(2)) < 0, "handover took " + handover);
        Term t2 = e[other].currentTerm().orElseThrow();
        assertTrue(t2.fence() > t1.fence(), t2 + " after " + t1);
        assertEquals(e[first].transitions() + 1, e[other].transitions());
        assertEquals(Optional.of(e[other].identity()), e[other].leader());

        e[other].close();
        assertOrderedCallbacks(r);
        assertNoOverlap();
    }

    @Test
    @Order(2)
    void closeWithoutReleaseKeepsTheLockUntilTheLeaseRunsOut() {
        String name = unique("no-release");
        Recorder[] r = {new Recorder("a"), new Recorder("b")};
        LeaderElection[] e = {start(1, name, "a", false, r[0]), start(2, name, "b", false, r[1])};
        int first = awaitSingleLeader(e);
        int other = 1 - first;
        Term t1 = e[first].currentTerm().orElseThrow();

        long closedAt = System.nanoTime();
        e[first].close();
        assertTrue(t1.ended().toCompletableFuture().isDone());
        await().atMost(LEASE.plus(LAG)).until(e[other]::isLeader);
        Duration handover = Duration.ofNanos(System.nanoTime() - closedAt);
        // The last renewal was at most a retry period before the close, so the lease had >= 1.6 s left.
        assertTrue(handover.compareTo(LEASE.minus(RETRY).minusMillis(500)) >= 0, "handover took only " + handover);
        assertTrue(e[other].currentTerm().orElseThrow().fence() > t1.fence());

        e[other].close();
        assertOrderedCallbacks(r);
        assertNoOverlap();
    }

    @Test
    @Order(3)
    void healthCheckReportsALeaderWhoseRenewalsStalled() {
        String name = unique("stall");
        CountDownLatch unblock = new CountDownLatch(1);
        AtomicReference<Term> first = new AtomicReference<>();
        Recorder recorder = new Recorder("solo") {
            @Override
            public void startedLeading(Term term) {
                super.startedLeading(term);
                if (first.compareAndSet(null, term)) {
                    // A callback that blocks: the election's thread can no longer renew.
                    try {
                        unblock.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        LeaderElection e = start(0, name, "solo", false, recorder);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.get() != null);
        Term term = first.get();
        assertEquals(Optional.empty(), e.check(Duration.ofMillis(200)));

        // The term's activity is read from the clock: it turns false at the renew deadline though the thread is stuck.
        await().atMost(Duration.ofSeconds(5)).until(() -> !term.isActive());
        assertFalse(term.ended().toCompletableFuture().isDone());
        assertFalse(e.isLeader());
        await().atMost(Duration.ofSeconds(5)).until(() -> e.check(Duration.ofMillis(200)).isPresent());
        String problem = e.check(Duration.ofMillis(200)).orElseThrow();
        assertTrue(problem.contains(name) && problem.contains("solo") && problem.contains("PT2S"), problem);
        assertEquals(Optional.empty(), e.check(Duration.ofHours(1)), "within a large tolerance it is still healthy");

        unblock.countDown();
        // The thread resumes, sees its deadline passed and steps down; then it campaigns and leads again.
        await().atMost(Duration.ofSeconds(5)).until(() -> term.ended().toCompletableFuture().isDone());
        await().atMost(Duration.ofSeconds(5)).until(() -> e.currentTerm().map(t -> t.fence() > term.fence()).orElse(false));
        assertEquals(Optional.empty(), e.check(Duration.ofMillis(200)));
        assertEquals(1, e.transitions());

        assertThrows(NullPointerException.class, () -> e.check(null));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> e.check(Duration.ofMillis(-1)));
        assertTrue(negative.getMessage().contains("maxTolerableExpiredLease"), negative.getMessage());
        e.close();
        e.close(); // idempotent
        assertOrderedCallbacks(recorder);
        assertNoOverlap();
    }

    /** Last: it kills a member. */
    @Test
    @Order(4)
    void threeCandidatesOneLeaderAndAnotherWithALargerFenceWhenItsMemberIsKilled() {
        String name = unique("failover");
        Recorder[] r = new Recorder[3];
        LeaderElection[] e = new LeaderElection[3];
        for (int i = 0; i < 3; i++) {
            r[i] = new Recorder("candidate-" + i);
            e[i] = start(i, name, "candidate-" + i, false, r[i]);
        }
        int first = awaitSingleLeader(e);
        String firstId = e[first].identity();
        // Exactly one leads, continuously, over several renewals; everyone sees who.
        await().during(Duration.ofMillis(1_200)).atMost(Duration.ofSeconds(5))
                .until(() -> leaders(e).equals(List.of(first)));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                IntStream.range(0, 3).allMatch(i -> e[i].leader().equals(Optional.of(firstId))));
        assertTrue(IntStream.range(0, 3).allMatch(i -> r[i].events.contains("leader:" + firstId)));
        Term t1 = e[first].currentTerm().orElseThrow();
        FenceChecker resource = new FenceChecker();
        resource.accept("ledger", t1.fence());

        long killedAt = System.nanoTime();
        cluster.members.get(first).getLifecycleService().terminate();

        await().atMost(LEASE.plus(LAG)).until(() -> leaders(e).stream().anyMatch(i -> i != first));
        Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
        assertTrue(failover.compareTo(LEASE.plus(LAG)) <= 0, "failover took " + failover);
        int second = leaders(e).stream().filter(i -> i != first).findFirst().orElseThrow();
        int third = 3 - first - second;
        Term t2 = e[second].currentTerm().orElseThrow();
        assertTrue(t2.fence() > t1.fence(), t2 + " after " + t1);
        // The resource takes the new term's writes and refuses the deposed leader's.
        resource.accept("ledger", t2.fence());
        assertFalse(resource.tryAccept("ledger", t1.fence()));
        // The candidate on the dead member stopped leading on its own, by its renew deadline.
        assertTrue(t1.ended().toCompletableFuture().isDone());
        assertEquals(List.of(first), terms.values().stream().filter(s -> s.fence == t1.fence())
                .map(s -> s.candidate).toList());
        await().atMost(Duration.ofSeconds(5)).until(() -> e[third].leader().equals(Optional.of(e[second].identity())));
        assertEquals(1, e[second].transitions());
        assertEquals(List.of(second), leaders(e));

        for (LeaderElection election : e) {
            election.close();
        }
        assertOrderedCallbacks(r);
        assertNoOverlap();
    }

    // ------------------------------------------------------------------ helpers

    private LeaderElection start(int member, String name, String identity, boolean release, Recorder recorder) {
        recorder.candidate = member;
        ElectionSettings settings = ElectionSettings.builder(name, identity)
                .leaseDuration(LEASE).renewDeadline(RENEW_DEADLINE).retryPeriod(RETRY).releaseOnCancel(release).build();
        LeaderElection election = HazelcastElections.start(cluster.members.get(member), leaseholds.get(member),
                settings, recorder);
        elections.add(election);
        return election;
    }

    private static int awaitSingleLeader(LeaderElection[] e) {
        await().atMost(Duration.ofSeconds(10)).until(() -> leaders(e).size() == 1);
        return leaders(e).get(0);
    }

    private static List<Integer> leaders(LeaderElection[] e) {
        return IntStream.range(0, e.length).filter(i -> e[i].isLeader()).boxed().toList();
    }

    private static String unique(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime());
    }

    /** Per candidate: the start and stop callbacks alternate, start first, each stop naming the term just started. */
    private static void assertOrderedCallbacks(Recorder... recorders) {
        for (Recorder r : recorders) {
            List<String> events = r.termEvents();
            assertEquals(0, events.size() % 2, r.identity + ": every term must have ended: " + events);
            for (int i = 0; i < events.size(); i += 2) {
                String fence = events.get(i).substring("start:".length());
                assertEquals(List.of("start:" + fence, "stop:" + fence), events.subList(i, i + 2),
                        r.identity + ": " + events);
            }
            for (int i = 0; i < r.events.size(); i++) {
                if (r.events.get(i).startsWith("start:")) {
                    assertTrue(r.events.subList(0, i).contains("leader:" + r.identity),
                            r.identity + " led before it was reported as leader: " + r.events);
                }
            }
        }
    }

    /** No two terms overlap by the owner's clock (all candidates share this JVM's clock), and fences grow with time. */
    private void assertNoOverlap() {
        List<Span> spans = new ArrayList<>(terms.values());
        spans.sort(Comparator.comparingLong(s -> s.start));
        for (int i = 1; i < spans.size(); i++) {
            Span previous = spans.get(i - 1);
            Span next = spans.get(i);
            assertTrue(previous.stop != 0, "term " + previous.fence + " had not ended when " + next.fence + " started");
            assertTrue(previous.stop - next.start <= 0, "term " + previous.fence + " stopped "
                    + Duration.ofNanos(previous.stop - next.start) + " after term " + next.fence + " started");
            assertTrue(next.fence > previous.fence, "fence " + next.fence + " started after " + previous.fence);
        }
        assertTrue(spans.size() >= 2, "expected at least two terms: " + spans.size());
    }

    private static final class Span {
        final long fence;
        final int candidate;
        final long start = System.nanoTime();
        volatile long stop;

        Span(long fence, int candidate) {
            this.fence = fence;
            this.candidate = candidate;
        }
    }

    /** Records what one candidate's listener was told, in order. */
    private class Recorder implements ElectionListener {
        final String identity;
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile int candidate;

        Recorder(String identity) {
            this.identity = identity;
        }

        @Override
        public void startedLeading(Term term) {
            terms.put(term.fence(), new Span(term.fence(), candidate));
            // A term handed to the listener is active; an inactive one would break the alternation check.
            events.add((term.isActive() ? "start:" : "inactive-start:") + term.fence());
        }

        @Override
        public void stoppedLeading(Term term) {
            Span span = terms.get(term.fence());
            if (span != null) {
                span.stop = System.nanoTime();
            }
            events.add("stop:" + term.fence());
        }

        @Override
        public void newLeader(String leader) {
            events.add("leader:" + leader);
        }

        List<String> termEvents() {
            return events.stream().filter(s -> !s.startsWith("leader:")).toList();
        }
    }
}
