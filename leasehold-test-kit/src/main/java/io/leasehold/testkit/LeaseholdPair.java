package io.leasehold.testkit;

import io.leasehold.Leasehold;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.hazelcast.TestCluster;

/**
 * Two real members on loopback with a Leasehold instance on each, for a test class that cannot extend
 * {@link TwoLeaseholds} (one that extends an ecosystem's published contract test, with JUnit's
 * instance per test): start it in a static {@code @BeforeAll}, close it in a static {@code @AfterAll}.
 * {@link #a} is the instance the code under test uses, {@link #b} stands in for another process.
 */
public final class LeaseholdPair implements AutoCloseable {

    public final TestCluster cluster;
    /** The Leasehold instance on the first member. */
    public final Leasehold a;
    /** The Leasehold instance on the second member: another process, as far as locks go. */
    public final Leasehold b;

    /** Members with the tests' settings ({@link TestCluster#testSettings()}: a 100 ms minimum TTL, a short grace). */
    public LeaseholdPair() {
        this(TestCluster.testSettings());
    }

    /** Members with {@code settings}: {@code MemberSettings.builder().build()} for the defaults users run with. */
    public LeaseholdPair(MemberSettings settings) {
        cluster = new TestCluster(2, settings);
        Leasehold first = null;
        try {
            first = HazelcastLeasehold.create(cluster.members.get(0));
            b = HazelcastLeasehold.create(cluster.members.get(1));
        } catch (RuntimeException | Error e) {
            if (first != null) {
                first.close();
            }
            cluster.close();
            throw e;
        }
        a = first;
    }

    @Override
    public void close() {
        try {
            a.close();
            b.close();
        } finally {
            cluster.close();
        }
    }
}
