package io.leasehold.testkit;

import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.TestCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A test class on two real members (on loopback, started one after another) with a Leasehold
 * instance on each: {@link #a} for the code under test, {@link #b} standing in for another process.
 * The members start once for the class; each test uses names of its own ({@link #unique}) so tests
 * do not see each other's locks. Every test has 60 seconds.
 *
 * <p>A subclass that builds more on {@code a} and {@code b} does it in a {@code @BeforeAll} of its own,
 * which runs after {@link #startMembers()}, and closes it in an {@code @AfterAll}, which runs before
 * {@link #stopMembers()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class TwoLeaseholds {

    protected TestCluster cluster;
    /** The Leasehold instance on the first member. */
    protected Leasehold a;
    /** The Leasehold instance on the second member: another process, as far as locks go. */
    protected Leasehold b;

    @BeforeAll
    final void startMembers() {
        cluster = new TestCluster(2);
        a = HazelcastLeasehold.create(cluster.members.get(0));
        b = HazelcastLeasehold.create(cluster.members.get(1));
    }

    @AfterAll
    final void stopMembers() {
        try {
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** A name no other test uses: {@code what} followed by a random suffix. */
    protected static String unique(String what) {
        return what + "-" + UUID.randomUUID();
    }
}
