package io.leasehold.hazelcast.internal.member;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdMetrics;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Handoffs to waiters on another member than the lock's owner go through handoff notices; sending
 * one must not start a thread. (Hazelcast's {@code IMap.setAsync} future completes through its
 * default async executor, which starts a thread per completion when the common pool has one thread,
 * as on any machine with 2 cores or fewer: a thread started per handoff on the lock's owner, which
 * halved the hot lock's rate.) On a machine with more cores that executor is the common pool and
 * this test cannot tell the difference; on 2 cores it can.
 */
class RemoteHandoffThreadsTest {

    private static final int THREADS = 4;
    private static final int ROUNDS = 100;

    @Test
    void handoffNoticesToAnotherMemberStartNoThreadPerHandoff() throws Exception {
        try (TestCluster cluster = new TestCluster(2)) {
            HazelcastInstance waitersMember = cluster.first();
            HazelcastInstance owner = cluster.last();
            String name = remoteName(cluster, owner);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            try (Leasehold leasehold = HazelcastLeasehold.create(waitersMember)) {
                hammer(leasehold, name, 10); // warm: sessions, pools and connections made before counting
                long noticesBefore = LeaseholdMetrics.of(owner).noticesSent();
                long startedBefore = threads.getTotalStartedThreadCount();
                int acquired = hammer(leasehold, name, ROUNDS);
                long started = threads.getTotalStartedThreadCount() - startedBefore;
                long notices = LeaseholdMetrics.of(owner).noticesSent() - noticesBefore;

                assertEquals(THREADS * ROUNDS, acquired, "every acquire got the lock within its wait");
                assertTrue(notices >= 20, "the owner sent " + notices + " notices: the remote handoff path"
                        + " was hardly taken");
                assertTrue(started < Math.max(20, notices / 4), started + " threads started during " + notices
                        + " handoff notices");
            }
        }
    }

    /** THREADS threads, each taking and releasing {@code name} {@code rounds} times; answers the grants. */
    private static int hammer(Leasehold leasehold, String name, int rounds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicInteger acquired = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        Optional<LockHandle> held = leasehold.lock(name).tryLock(Duration.ofSeconds(10));
                        if (held.isPresent()) {
                            acquired.incrementAndGet();
                            held.get().unlock();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return acquired.get();
    }

    /** A lock name whose partition {@code owner} owns. */
    private static String remoteName(TestCluster cluster, HazelcastInstance owner) {
        for (int i = 0; ; i++) {
            String name = "remote-handoff-" + i;
            if (cluster.ownerOf(name) == owner) {
                return name;
            }
        }
    }
}
