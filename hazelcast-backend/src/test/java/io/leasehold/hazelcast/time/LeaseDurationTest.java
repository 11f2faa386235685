package io.leasehold.hazelcast.time;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Lease;
import io.leasehold.LeaseListener;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.Registration;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.hazelcast.MemberTime;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 20: a lease lasts at least its TTL, and a lock its {@code leaseTime} from the acquisition,
 * measured from outside through the public API (a lease listener, another instance's acquire), on a
 * member and through a client, while the member's decision clock slews toward a wall clock 30 s
 * ahead (running 1% fast), 30 s behind (1% slow), or right. Only lower bounds are asserted, less
 * only the measurement's own round trip.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LeaseDurationTest {

    /** Long enough that 1% of it (30 ms) is more than the time a lease's end takes to be heard. */
    private static final Duration TTL = Duration.ofSeconds(3);
    private static final Duration LEASE_TIME = Duration.ofMillis(1_500);
    private static final long STEP_MILLIS = 30_000;

    private final AtomicLong wallOffset = new AtomicLong();
    private TestCluster cluster;
    private HazelcastInstance client;
    private Leasehold onMember;
    private Leasehold onClient;
    private Leasehold other;
    private ScheduledExecutorService later;

    @BeforeAll
    void start() {
        // The members' default minimum TTL; the wall clock the decision clock slews toward is the test's.
        MemberSettings settings = MemberSettings.builder()
                .time(MemberTime.wallShiftedBy(wallOffset::get)).build();
        cluster = new TestCluster(1, settings);
        client = cluster.newClient();
        onMember = HazelcastLeasehold.create(cluster.first());
        onClient = HazelcastLeasehold.create(client);
        other = HazelcastLeasehold.create(cluster.newClient());
        later = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterAll
    void stop() {
        later.shutdownNow();
        other.close();
        onClient.close();
        onMember.close();
        client.shutdown();
        cluster.close();
    }

    Stream<Arguments> topologies() {
        return Stream.of("member", "client").flatMap(where ->
                Stream.of(STEP_MILLIS, -STEP_MILLIS, 0L).map(step -> Arguments.of(where, step)));
    }

    /** The lock's cases: the member clock slewing either way (the renewal's cases keep the right clock too). */
    Stream<Arguments> slewing() {
        return topologies().filter(a -> (long) a.get()[1] != 0L);
    }

    private Leasehold at(String where) {
        return where.equals("member") ? onMember : onClient;
    }

    /** Steps the wall clock the member's decision clock follows, so it slews (1% of elapsed time) that way. */
    private void slew(long step) {
        wallOffset.set(step);
    }

    @ParameterizedTest(name = "{0}, wall clock {1} ms")
    @MethodSource("topologies")
    void aRenewedLeaseLastsAtLeastItsTtlFromTheRenewal(String where, long step) {
        slew(step);
        Leasehold leasehold = at(where);
        Lease lease = leasehold.lessor().grant(TTL);
        CompletableFuture<Long> endedAt = new CompletableFuture<>();
        try (Registration ignored = other.lessor().addLeaseListener((id, reason) -> {
            if (id == lease.id() && reason == LeaseListener.Reason.EXPIRED) {
                endedAt.complete(System.nanoTime());
            }
        })) {
            long renewSentAt = System.nanoTime();
            assertEquals(TTL, leasehold.lessor().renew(lease.id()));
            long endNanos = endedAt.orTimeout(30, TimeUnit.SECONDS).join();
            long lived = TimeUnit.NANOSECONDS.toMillis(endNanos - renewSentAt);
            assertTrue(lived >= TTL.toMillis(), "a " + TTL.toMillis() + " ms lease renewed at 0 ended at " + lived
                    + " ms (" + where + ", wall clock " + step + " ms)");
        }
    }

    @ParameterizedTest(name = "{0}, wall clock {1} ms")
    @MethodSource("slewing")
    void aLockTakenAtOnceWithItsOwnLeaseTimeIsHeldForTheWholeLeaseTime(String where, long step) throws Exception {
        slew(step);
        String name = unique("at-once");
        LockHandle held = at(where).lock(name).tryLock(Duration.ZERO, LEASE_TIME).orElseThrow();
        long acquiredAt = System.nanoTime();
        long roundTrip = roundTrip(at(where), name);
        // Never unlocked: another instance gets the lock only once the lease time has run out.
        Optional<LockHandle> next = other.lock(name).tryLock(Duration.ofSeconds(30));
        long freedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acquiredAt);
        assertTrue(next.isPresent());
        assertTrue(next.get().fence() > held.fence());
        assertTrue(freedAfter >= LEASE_TIME.toMillis() - roundTrip, "a lock with leaseTime " + LEASE_TIME.toMillis()
                + " ms was taken by another " + freedAfter + " ms after it was acquired (round trip " + roundTrip
                + " ms; " + where + ", wall clock " + step + " ms)");
        next.get().unlock();
    }

    @ParameterizedTest(name = "{0}, wall clock {1} ms")
    @MethodSource("slewing")
    void aLockTakenLateInItsWaitIsHeldForTheWholeLeaseTimeFromTheAcquisition(String where, long step)
            throws Exception {
        slew(step);
        String name = unique("late");
        LockHandle first = other.lock(name).tryLock().orElseThrow();
        // The first holder lets go 500 ms after the lease time: a lease time counted from the start of
        // the wait would have run out by then.
        long releaseAfter = LEASE_TIME.toMillis() + 500;
        later.schedule(first::unlock, releaseAfter, TimeUnit.MILLISECONDS);
        long waitFrom = System.nanoTime();
        Optional<LockHandle> late = at(where).lock(name).tryLock(Duration.ofSeconds(20), LEASE_TIME);
        long acquiredAt = System.nanoTime();
        assertTrue(late.isPresent(), "tryLock(20 s, leaseTime " + LEASE_TIME.toMillis() + " ms) gave up after "
                + TimeUnit.NANOSECONDS.toMillis(acquiredAt - waitFrom) + " ms");
        assertTrue(TimeUnit.NANOSECONDS.toMillis(acquiredAt - waitFrom) >= releaseAfter - 100);
        long roundTrip = roundTrip(at(where), name);
        assertTrue(late.get().isValid());
        Optional<LockHandle> next = other.lock(name).tryLock(Duration.ofSeconds(30));
        long freedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - acquiredAt);
        assertTrue(next.isPresent());
        assertTrue(freedAfter >= LEASE_TIME.toMillis() - roundTrip, "a lock with leaseTime " + LEASE_TIME.toMillis()
                + " ms, acquired late in its wait, was taken by another " + freedAfter + " ms after it was acquired"
                + " (round trip " + roundTrip + " ms; " + where + ", wall clock " + step + " ms)");
        next.get().unlock();
    }

    /** The duration of one read of the lock: the allowance for the measurement's own round trip. */
    private static long roundTrip(Leasehold leasehold, String name) {
        long from = System.nanoTime();
        assertTrue(leasehold.lock(name).holder().isPresent());
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - from));
    }

    private static String unique(String prefix) {
        return "duration/" + prefix + "/" + UUID.randomUUID();
    }
}
