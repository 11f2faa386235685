package io.leasehold.micrometer;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.LockHandle;
import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.micrometer.LeaseholdClientMetrics;
import io.leasehold.micrometer.LeaseholdMemberMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/** The README's snippet, compiled (and run by {@link MicrometerExampleTest}). */
final class MicrometerExample {

    private MicrometerExample() {
    }

    public static long run(HazelcastInstance member, MeterRegistry registry) throws InterruptedException {
        // On each member (embedded, or in the standalone server's process):
        new LeaseholdMemberMetrics(member, Tags.of("cluster", "orders")).bindTo(registry);

        // On each Leasehold instance an application uses:
        try (Leasehold leasehold = HazelcastLeasehold.create(member)) {
            new LeaseholdClientMetrics(leasehold, Tags.of("app", "billing")).bindTo(registry);
            try (LockHandle handle = leasehold.lock("nightly-invoices").lock()) {
                return handle.fence(); // pass it to the resource the lock protects
            }
        }
    }
}
