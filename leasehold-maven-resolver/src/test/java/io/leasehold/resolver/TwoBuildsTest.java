package io.leasehold.resolver;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.TestCluster;
import org.eclipse.aether.named.NamedLock;
import org.eclipse.aether.named.NamedLockFactory;
import org.eclipse.aether.named.NamedLockKey;
import org.eclipse.aether.named.support.LockUpgradeNotSupportedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Builds sharing a local repository on a 3-member cluster. Two factories on Hazelcast clients of their own
 * (two builds, in this JVM): overlapping key sets, shared and exclusive, with timeouts; re-entry through
 * single and composite locks. Build processes (forked JVMs that connect with settings only): two readers
 * and a writer sharing names, and a build killed while it holds locks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TwoBuildsTest {

    /** The forked builds' session TTL: a killed build's locks are free this long after its last renewal, plus the revoke lag. */
    private static final Duration BUILD_SESSION_TTL = Duration.ofSeconds(3);
    /** How long a check that a name is free waits for a release on its way. */
    private static final Duration FREE_WITHIN = Duration.ofSeconds(10);

    private TestCluster cluster;
    private final List<HazelcastInstance> clients = new ArrayList<>();
    private final List<Leasehold> leaseholds = new ArrayList<>();
    private NamedLockFactory buildA;
    private NamedLockFactory buildB;

    @BeforeAll
    void start() {
        cluster = new TestCluster(3);
        buildA = factoryOnANewClient();
        buildB = factoryOnANewClient();
    }

    private NamedLockFactory factoryOnANewClient() {
        HazelcastInstance client = cluster.newClient();
        clients.add(client);
        Leasehold leasehold = HazelcastLeasehold.create(client);
        leaseholds.add(leasehold);
        return new LeaseholdNamedLockFactory(leasehold);
    }

    @AfterAll
    void stop() {
        try {
            buildA.shutdown();
            buildB.shutdown();
            leaseholds.forEach(Leasehold::close);
            clients.forEach(HazelcastInstance::shutdown);
        } finally {
            cluster.close();
        }
    }

    /** Keys of this test alone: {@code k0 .. k(n-1)} with a random prefix, in order. */
    private static String[] keys(int n) {
        String prefix = UUID.randomUUID() + "/k";
        return IntStream.range(0, n).mapToObj(i -> prefix + i).toArray(String[]::new);
    }

    private static NamedLock lock(NamedLockFactory factory, String... names) {
        return factory.getLock(Arrays.stream(names).map(NamedLockKey::of).toList());
    }

    /** Whether {@code factory} can take {@code names} exclusively at once, on a thread of its own (released again). */
    private static boolean exclusiveNow(NamedLockFactory factory, String... names) throws Exception {
        return exclusiveWithin(Duration.ZERO, factory, names);
    }

    /**
     * Whether {@code factory} can take {@code names} exclusively within {@code wait}: how a test sees that nothing is
     * left held, since a release by another instance may still be on its way (a request that timed out releases
     * what it took without waiting for the answer).
     */
    private static boolean exclusiveWithin(Duration wait, NamedLockFactory factory, String... names) throws Exception {
        return onAnotherThread(() -> {
            try (NamedLock l = lock(factory, names)) {
                boolean got = l.lockExclusively(wait.toMillis(), TimeUnit.MILLISECONDS);
                if (got) {
                    l.unlock();
                }
                return got;
            }
        }).get(30, TimeUnit.SECONDS);
    }

    @Test
    void sharedHoldersOfOverlappingSetsCoexist() throws Exception {
        String[] k = keys(3);
        try (NamedLock a = lock(buildA, k[0], k[1]); NamedLock b = lock(buildB, k[2], k[1])) {
            assertTrue(a.lockShared(5, TimeUnit.SECONDS));
            assertTrue(b.lockShared(0, TimeUnit.MILLISECONDS), "a second build's shared hold beside the first's");
            assertFalse(exclusiveNow(buildA, k[1]), "two shared holders keep an exclusive request out");
            a.unlock();
            b.unlock();
        }
        assertTrue(exclusiveWithin(FREE_WITHIN, buildB, k), "nothing is left held");
    }

    @Test
    void aSharedHolderBlocksAnExclusiveRequestUntilItReleases() throws Exception {
        String[] k = keys(3);
        AtomicBoolean released = new AtomicBoolean();
        try (NamedLock a = lock(buildA, k[0], k[1]); NamedLock b = lock(buildB, k[1], k[2])) {
            assertTrue(a.lockShared(5, TimeUnit.SECONDS));
            assertFalse(b.lockExclusively(200, TimeUnit.MILLISECONDS), "refused within its wait while k1 is shared");
            CompletableFuture<Boolean> waiting = onAnotherThread(() -> {
                boolean got = b.lockExclusively(30, TimeUnit.SECONDS);
                boolean afterRelease = released.get();
                if (got) {
                    b.unlock();
                }
                return got && afterRelease;
            });
            assertFalse(exclusiveNow(buildB, k[0]), "k0 is still held shared by A");
            released.set(true);
            a.unlock();
            assertTrue(waiting.get(30, TimeUnit.SECONDS), "the exclusive request was granted, and only after the release");
        }
        assertTrue(exclusiveWithin(FREE_WITHIN, buildA, k), "nothing is left held");
    }

    @Test
    void aTimedOutRequestLeavesNothingHeld() throws Exception {
        String[] k = keys(3);
        try (NamedLock a = lock(buildA, k[1]); NamedLock b = lock(buildB, k[2], k[0], k[1])) {
            assertTrue(a.lockExclusively(5, TimeUnit.SECONDS));
            long start = System.nanoTime();
            assertFalse(b.lockExclusively(300, TimeUnit.MILLISECONDS), "k1 is held: B cannot have all three");
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(300), "B waited its whole wait");
            assertTrue(exclusiveWithin(FREE_WITHIN, buildA, k[0], k[2]), "B took k0 before it waited for k1, and gave it back");
            assertThrows(IllegalStateException.class, b::unlock, "B holds no step to unlock");
            a.unlock();
            assertTrue(b.lockExclusively(FREE_WITHIN.toMillis(), TimeUnit.MILLISECONDS), "all three once A released k1");
            b.unlock();
        }
    }

    @Test
    void reentryThroughSingleAndCompositeLocks() throws Exception {
        String[] k = keys(3);
        try (NamedLock xy = lock(buildA, k[0], k[1]); NamedLock x = lock(buildA, k[0]);
             NamedLock yz = lock(buildA, k[1], k[2])) {
            assertTrue(xy.lockExclusively(5, TimeUnit.SECONDS));
            assertTrue(x.lockShared(0, TimeUnit.MILLISECONDS), "shared under this thread's exclusive hold");
            assertTrue(yz.lockExclusively(5, TimeUnit.SECONDS), "k1 re-entered, k2 taken");
            assertFalse(exclusiveNow(buildB, k[2]), "k2 is held by A now");
            yz.unlock();
            assertTrue(exclusiveNow(buildB, k[2]), "k2 released with the step that took it");
            x.unlock();
            assertFalse(exclusiveNow(buildB, k[0]), "k0 still held by the first step");
            xy.unlock();
        }
        assertTrue(exclusiveWithin(FREE_WITHIN, buildB, k), "nothing is left held");
    }

    @Test
    void anUpgradeIsRefusedAndTakesNothing() throws Exception {
        String[] k = keys(3);
        try (NamedLock shared = lock(buildA, k[0], k[1]); NamedLock upgrade = lock(buildA, k[1], k[2])) {
            assertTrue(shared.lockShared(5, TimeUnit.SECONDS));
            assertTrue(shared.lockShared(0, TimeUnit.MILLISECONDS), "shared re-entry");
            LockUpgradeNotSupportedException e = assertThrows(LockUpgradeNotSupportedException.class,
                    () -> upgrade.lockExclusively(1, TimeUnit.SECONDS));
            assertTrue(e.getMessage().contains(k[1]), e.getMessage());
            assertTrue(exclusiveNow(buildB, k[2]), "the refused request took nothing");
            shared.unlock();
            assertFalse(exclusiveNow(buildB, k[0]), "one shared step is left");
            shared.unlock();
        }
        assertTrue(exclusiveWithin(FREE_WITHIN, buildB, k), "nothing is left held");
    }

    @Test
    void exclusiveSetsTakenInAnyOrderNeverOverlapNorDeadlock() throws Exception {
        String[] k = keys(4);
        int[] inside = new int[k.length];
        AtomicBoolean overlap = new AtomicBoolean();
        List<CompletableFuture<Boolean>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            NamedLockFactory factory = w % 2 == 0 ? buildA : buildB;
            int seed = w;
            workers.add(onAnotherThread(() -> {
                for (int i = 0; i < 8; i++) {
                    int first = (seed + i) % k.length;
                    int second = (seed + 2 * i + 1) % k.length == first ? (first + 1) % k.length
                            : (seed + 2 * i + 1) % k.length;
                    // Listed in either order: the factory takes them in one global order.
                    try (NamedLock l = lock(factory, k[Math.max(first, second)], k[Math.min(first, second)])) {
                        if (!l.lockExclusively(30, TimeUnit.SECONDS)) {
                            return false;
                        }
                        try {
                            for (int n : new int[] {first, second}) {
                                synchronized (inside) {
                                    if (++inside[n] > 1) {
                                        overlap.set(true);
                                    }
                                }
                            }
                            for (int n : new int[] {first, second}) {
                                synchronized (inside) {
                                    inside[n]--;
                                }
                            }
                        } finally {
                            l.unlock();
                        }
                    }
                }
                return true;
            }));
        }
        for (CompletableFuture<Boolean> w : workers) {
            assertTrue(w.get(50, TimeUnit.SECONDS), "every worker got every set within its wait");
        }
        assertFalse(overlap.get(), "two holders of one name at once");
    }

    @Test
    void twoBuildProcessesShareNamesAndExcludeAWriter() throws Exception {
        String[] k = keys(3);
        try (BuildProcess readerA = BuildProcess.start(cluster.name, members(), BUILD_SESSION_TTL, "shared", k[0], k[1]);
             BuildProcess readerB = BuildProcess.start(cluster.name, members(), BUILD_SESSION_TTL, "shared", k[1], k[2])) {
            readerA.awaitHeld(45, TimeUnit.SECONDS);
            readerB.awaitHeld(45, TimeUnit.SECONDS);
            assertFalse(exclusiveNow(buildA, k[1]), "two builds hold k1 shared at once, and a writer is kept out");
            try (BuildProcess writer = BuildProcess.start(cluster.name, members(), BUILD_SESSION_TTL, "exclusive", k)) {
                readerA.release(30, TimeUnit.SECONDS);
                long lastReleaseAsked = System.nanoTime();
                readerB.release(30, TimeUnit.SECONDS);
                long writerHeld = writer.awaitHeld(45, TimeUnit.SECONDS);
                assertTrue(writerHeld > lastReleaseAsked, "the writing build got all three only after the last reader "
                        + "released:\n" + writer.output());
                assertFalse(exclusiveNow(buildA, k[2]), "the writing build holds them");
                writer.release(30, TimeUnit.SECONDS);
            }
        }
        assertTrue(exclusiveWithin(FREE_WITHIN, buildA, k), "nothing is left held");
    }

    @Test
    void aKilledBuildsLocksComeFreeWithinItsSessionTtl() throws Exception {
        String[] k = keys(2);
        try (BuildProcess build = BuildProcess.start(cluster.name, members(), BUILD_SESSION_TTL, "exclusive", k)) {
            build.awaitHeld(45, TimeUnit.SECONDS);
            assertFalse(exclusiveNow(buildB, k[1]), "the build holds k1");
            try (NamedLock b = lock(buildB, k)) {
                assertFalse(b.lockShared(0, TimeUnit.MILLISECONDS), "not even shared while the build holds them");
                build.kill();
                long killed = System.nanoTime();
                assertTrue(b.lockExclusively(30, TimeUnit.SECONDS), "the dead build's locks came free:\n" + build.output());
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
                b.unlock();
                assertTrue(tookMillis < BUILD_SESSION_TTL.toMillis() + 15_000,
                        "free " + tookMillis + " ms after the kill, for a " + BUILD_SESSION_TTL + " session");
            }
        }
    }

    /** What a build sets as {@code aether.syncContext.named.leasehold.members} for this cluster. */
    private String members() {
        return cluster.members.stream()
                .map(m -> "127.0.0.1:" + m.getCluster().getLocalMember().getAddress().getPort())
                .collect(Collectors.joining(","));
    }

    interface Call<T> {
        T call() throws Exception;
    }

    private static <T> CompletableFuture<T> onAnotherThread(Call<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(call.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "build-thread");
        t.setDaemon(true);
        t.start();
        return result;
    }
}
