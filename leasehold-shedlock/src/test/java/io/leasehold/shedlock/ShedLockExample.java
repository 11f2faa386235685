package io.leasehold.shedlock;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.shedlock.LeaseholdLockProvider;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;

import java.time.Duration;
import java.time.Instant;

/** The README's ShedLock snippet, compiled (and run by {@code ShedLockExampleTest}). */
public class ShedLockExample {

    /** A resource that refuses a write carrying a fence lower than one it has accepted. */
    public interface Reports {
        void publish(String day, long fence);
    }

    // --- README
    public static void runDailyReport(HazelcastInstance hazelcast, Reports reports) {
        Leasehold leasehold = HazelcastLeasehold.create(hazelcast);
        LeaseholdLockProvider lockProvider = new LeaseholdLockProvider(leasehold, "myapp:");
        LockingTaskExecutor executor = new DefaultLockingTaskExecutor(lockProvider);

        executor.executeWithLock((Runnable) () -> {
            long fence = LeaseholdLockProvider.currentFence(); // the fence of the lock running this task
            reports.publish("2026-12-01", fence);              // the resource refuses a lower fence
        }, new LockConfiguration(Instant.now(), "daily-report",
                Duration.ofMinutes(10),   // lockAtMostFor: the lock's lease TTL, on the cluster's clock
                Duration.ofSeconds(30))); // lockAtLeastFor: kept this long after the start, as the cluster measures it

        lockProvider.close();
        leasehold.close();
    }
    // --- end
}
