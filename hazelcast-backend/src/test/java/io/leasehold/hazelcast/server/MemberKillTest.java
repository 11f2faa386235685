package io.leasehold.hazelcast.server;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A member JVM killed outright (SIGKILL) while four clients contend for twenty locks, and while
 * waiters are queued on locks whose records lived on that member: the holds per second come back to
 * at least 80 % of the rate before the kill within the failure-detection time plus 1 s, no acquire
 * waits out its timeout because of the kill, and every queued waiter gets its lock within that time.
 * Beside the locks, semaphore and read-write holders on every client ({@link PermitHolders}), and a
 * queued semaphore waiter and reader on records of the killed member: the same guarantees.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MemberKillTest {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MemberKillTest.class);

    /** {@code hazelcast.max.no.heartbeat.seconds} of the local configurations. */
    private static final long DETECTION_MILLIS = 5_000;
    /** Throughput must be back this soon after the kill: failure detection plus 1 s. */
    private static final long RECOVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(DETECTION_MILLIS + 1_000);
    /** Throughput is compared over windows this long (seconds, not one call). */
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(4);
    /** Each acquire waits at most this long: a wait the kill makes longer than that is a failure. */
    private static final Duration ACQUIRE_WAIT = Duration.ofMillis(DETECTION_MILLIS + 1_000);
    private static final int CLIENTS = 4;
    private static final int KEYS = 20;
    private static final int QUEUED = 4;

    @Test
    void holdsPerSecondComeBackAndQueuedWaitersGetTheirLocksSoonAfterAMemberIsKilled() throws Exception {
        String cluster = "leasehold-kill-" + UUID.randomUUID();
        List<ForkedMember> members = new ArrayList<>();
        List<HazelcastInstance> clients = new ArrayList<>();
        List<Leasehold> leaseholds = new ArrayList<>();
        ExecutorService pool = Executors.newCachedThreadPool();
        AtomicBoolean running = new AtomicBoolean(true);
        PermitHolders permits = new PermitHolders("kill-sem", "kill-rw");
        try {
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ForkedMember member = ForkedMember.start("--cluster-name", cluster, "--min-ttl-ms", "100");
                members.add(member);
                addresses.add("127.0.0.1:" + member.awaitPort(60, TimeUnit.SECONDS));
            }
            for (int i = 0; i < CLIENTS + 1; i++) {
                HazelcastInstance client = HazelcastClient.newHazelcastClient(
                        LeaseholdConfig.localClientConfig(cluster, addresses.toArray(String[]::new)));
                clients.add(client);
                await().atMost(Duration.ofSeconds(30)).until(() -> client.getCluster().getMembers().size() == 3);
                leaseholds.add(HazelcastLeasehold.create(client));
            }
            HazelcastInstance probe = clients.get(CLIENTS);
            int victimPort = Integer.parseInt(addresses.get(2).substring(addresses.get(2).lastIndexOf(':') + 1));
            ForkedMember victim = members.get(2);

            List<Long> grants = Collections.synchronizedList(new ArrayList<>());
            List<String> timedOut = Collections.synchronizedList(new ArrayList<>());
            List<String> errors = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                Leasehold leasehold = leaseholds.get(c);
                workers.add(pool.submit(() -> contend(leasehold, running, grants, timedOut, errors)));
            }
            // Semaphore and read-write holders beside them, on records of whichever member (issue 21).
            permits.init(leaseholds.get(0));
            for (int c = 0; c < CLIENTS; c++) {
                permits.start("client-" + c, leaseholds.get(c), ACQUIRE_WAIT);
            }

            // Locks whose records live on the member to be killed, held by one client, a waiter queued on each.
            Leasehold holder = leaseholds.get(CLIENTS);
            List<String> victimLocks = new ArrayList<>();
            for (int i = 0; victimLocks.size() < QUEUED; i++) {
                String name = "kill-queued-" + i;
                if (ownerPort(probe, name) == victimPort) {
                    victimLocks.add(name);
                }
            }
            List<LockHandle> held = new ArrayList<>();
            for (String name : victimLocks) {
                held.add(holder.lock(name).tryLock().orElseThrow());
            }
            // The same for a semaphore (every permit held) and a read-write lock (held exclusive) of that member.
            String victimSemaphore = nameOn(probe, "kill-queued-sem-", "semaphore/", victimPort);
            String victimReadWrite = nameOn(probe, "kill-queued-rw-", "rwlock/", victimPort);
            holder.semaphore(victimSemaphore).init(2);
            holder.semaphore(victimSemaphore).acquire(2);
            LockHandle heldExclusive = holder.readWriteLock(victimReadWrite).tryLockExclusive().orElseThrow();
            List<Future<Long>> queued = new ArrayList<>();
            for (int i = 0; i < QUEUED; i++) {
                String name = victimLocks.get(i);
                Leasehold waiter = leaseholds.get(i % CLIENTS);
                queued.add(pool.submit(() -> {
                    Optional<LockHandle> h = waiter.lock(name).tryLock(Duration.ofSeconds(60));
                    long at = System.nanoTime();
                    h.orElseThrow(() -> new AssertionError("the queued waiter on " + name + " did not get it"))
                            .unlock();
                    return at;
                }));
            }
            queued.add(pool.submit(() -> {
                leaseholds.get(0).semaphore(victimSemaphore).tryAcquire(1, Duration.ofSeconds(60)).orElseThrow(
                        () -> new AssertionError("the queued waiter on semaphore " + victimSemaphore + " got nothing"));
                long at = System.nanoTime();
                leaseholds.get(0).semaphore(victimSemaphore).release(1);
                return at;
            }));
            queued.add(pool.submit(() -> {
                Optional<LockHandle> h = leaseholds.get(1).readWriteLock(victimReadWrite).tryLockShared(Duration.ofSeconds(60));
                long at = System.nanoTime();
                h.orElseThrow(() -> new AssertionError("the queued reader of " + victimReadWrite + " did not get it"))
                        .unlock();
                return at;
            }));
            await().atMost(Duration.ofSeconds(30)).until(() -> victimLocks.stream().allMatch(
                    name -> holder.lock(name).holder().map(h -> h.waiters() > 0).orElse(false)));

            long warmFrom = System.nanoTime();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> System.nanoTime() - warmFrom >= 2 * WINDOW_NANOS);
            int timedOutBefore = timedOut.size();

            // The holder lets go of the locks as the member dies: their handoffs are made on the dying
            // member or on the member that takes its partitions over.
            for (LockHandle h : held) {
                h.unlock();
            }
            holder.semaphore(victimSemaphore).release(2);
            heldExclusive.unlock();
            long killedAt = System.nanoTime();
            victim.process.destroyForcibly();
            assertTrue(victim.process.waitFor(30, TimeUnit.SECONDS));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> probe.getCluster().getMembers().size() == 2);
            long detectedAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> System.nanoTime() - killedAt >= RECOVERY_NANOS + WINDOW_NANOS);
            running.set(false);
            for (Future<?> w : workers) {
                w.get(30, TimeUnit.SECONDS);
            }
            permits.stop();
            long lastWaiterAt = killedAt;
            for (Future<Long> q : queued) {
                lastWaiterAt = Math.max(lastWaiterAt, q.get(60, TimeUnit.SECONDS));
            }

            double before = rate(grants, killedAt - WINDOW_NANOS, killedAt);
            double after = rate(grants, killedAt + RECOVERY_NANOS, killedAt + RECOVERY_NANOS + WINDOW_NANOS);
            List<Long> perSecond = new ArrayList<>();
            for (int s = -2; s < 10; s++) {
                long from = killedAt + TimeUnit.SECONDS.toNanos(s);
                perSecond.add(Math.round(rate(grants, from, from + TimeUnit.SECONDS.toNanos(1))));
            }
            LOG.info(String.format("member kill: holds/s before %.1f, from %d ms after the kill %.1f; per second from"
                            + " 2 s before %s; member removed after %d ms; longest stall %d ms; the last queued"
                            + " waiter got its lock %d ms after the kill; timed-out acquires %d, errors %d %s",
                    before, TimeUnit.NANOSECONDS.toMillis(RECOVERY_NANOS), after, perSecond,
                    TimeUnit.NANOSECONDS.toMillis(detectedAt - killedAt), longestStallMillis(grants, killedAt),
                    TimeUnit.NANOSECONDS.toMillis(lastWaiterAt - killedAt), timedOut.size(), errors.size(),
                    errors.stream().limit(3).toList()));

            List<String> permitsTimedOut = permits.workers().stream().flatMap(w -> w.timedOut.stream()).toList();
            LOG.info(String.format("member kill: semaphore/read-write holds after the kill %d, timed out %s, errors %s",
                    permits.workers().stream().mapToLong(w -> w.grantedSince(killedAt + RECOVERY_NANOS)).sum(),
                    permitsTimedOut, permits.workers().stream().flatMap(w -> w.errors.stream()).map(e -> e[1]).limit(3)
                            .toList()));
            assertEquals(0, timedOutBefore, "acquires timed out before the kill: " + timedOut);
            assertEquals(List.of(), permits.violations(), "semaphore or read-write holds broke their limits");
            assertEquals(List.of(), permitsTimedOut, "a semaphore or read-write acquire waited out its " + ACQUIRE_WAIT);
            for (PermitHolders.Worker w : permits.workers()) {
                assertTrue(w.grantedSince(killedAt + RECOVERY_NANOS) > 0, w.name + " was not served after the kill");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> permits.permitsBack(probeLeasehold(leaseholds))
                    == PermitHolders.PERMITS);
            assertEquals(List.of(), timedOut, "an acquire waited out its " + ACQUIRE_WAIT + " because of the kill");
            assertTrue(after >= 0.8 * before, String.format("holds/s %.1f from %d ms after the kill, below 80 %% of"
                    + " %.1f before it", after, TimeUnit.NANOSECONDS.toMillis(RECOVERY_NANOS), before));
            assertTrue(lastWaiterAt - killedAt <= RECOVERY_NANOS, "a waiter queued on a lock of the killed member"
                    + " got it " + TimeUnit.NANOSECONDS.toMillis(lastWaiterAt - killedAt) + " ms after the kill");
        } finally {
            running.set(false);
            pool.shutdownNow();
            permits.stop();
            for (Leasehold l : leaseholds) {
                try {
                    l.close();
                } catch (RuntimeException ignored) {
                    // the cluster may be gone
                }
            }
            clients.forEach(HazelcastInstance::shutdown);
            for (ForkedMember m : members) {
                m.close();
            }
        }
    }

    /** One client's worker: a random one of the twenty locks, held briefly, released. */
    private static Void contend(Leasehold leasehold, AtomicBoolean running, List<Long> grants, List<String> timedOut,
                                List<String> errors) {
        while (running.get()) {
            String name = "kill-" + ThreadLocalRandom.current().nextInt(KEYS);
            long started = System.nanoTime();
            try {
                Optional<LockHandle> h = leasehold.lock(name).tryLock(ACQUIRE_WAIT);
                if (h.isPresent()) {
                    grants.add(System.nanoTime());
                    h.get().unlock();
                } else if (running.get()) {
                    timedOut.add(name + " after " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (RuntimeException e) {
                errors.add(e.toString());
            }
        }
        return null;
    }

    /** The port of the member owning {@code key}'s partition, once the client knows the partition table. */
    private static int ownerPort(HazelcastInstance probe, String key) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> probe.getPartitionService().getPartition(key).getOwner(), Objects::nonNull)
                .getAddress().getPort();
    }

    /** A name whose record ({@code prefix + name} in the holds map) lives on the member at {@code port}. */
    private static String nameOn(HazelcastInstance probe, String namePrefix, String keyPrefix, int port) {
        for (int i = 0; ; i++) {
            String name = namePrefix + i;
            if (ownerPort(probe, keyPrefix + name) == port) {
                return name;
            }
        }
    }

    private static Leasehold probeLeasehold(List<Leasehold> leaseholds) {
        return leaseholds.get(CLIENTS);
    }

    private static double rate(List<Long> grants, long from, long to) {
        long n;
        synchronized (grants) {
            n = grants.stream().filter(t -> t - from >= 0 && t - to < 0).count();
        }
        return n / ((to - from) / 1e9);
    }

    private static long longestStallMillis(List<Long> grants, long from) {
        List<Long> sorted;
        synchronized (grants) {
            sorted = grants.stream().filter(t -> t - from >= 0).sorted().toList();
        }
        long last = from;
        long longest = 0;
        for (long t : sorted) {
            longest = Math.max(longest, t - last);
            last = t;
        }
        return TimeUnit.NANOSECONDS.toMillis(longest);
    }
}
