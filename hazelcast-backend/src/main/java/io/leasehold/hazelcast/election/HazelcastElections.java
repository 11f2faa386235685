package io.leasehold.hazelcast.election;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Leasehold;
import io.leasehold.election.ElectionListener;
import io.leasehold.election.ElectionSettings;
import io.leasehold.election.LeaderElection;

import java.util.Objects;

/**
 * Starts candidates in leader elections on Hazelcast.
 *
 * <p>An election called {@code name} is decided by the fenced lock {@code "election/<name>"} of the
 * given {@link Leasehold}; the leader publishes its identity, fence and the transition count in the
 * map {@code "leasehold.elections"} (key: the election's name, value: {@code fence/transitions/identity}),
 * which is where followers learn who leads. Every candidate of an election must use the same
 * cluster.
 */
public final class HazelcastElections {

    private HazelcastElections() {
    }

    /**
     * Starts a candidate; it campaigns in the background until closed.
     *
     * @param hazelcast the member or client {@code leasehold} is bound to (for the leader record)
     * @param leasehold the Leasehold instance whose lessor and locks the election uses; not closed by
     *                  the election
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the election's name makes a lock name the Leasehold refuses
     *                                  (too long)
     */
    public static LeaderElection start(HazelcastInstance hazelcast, Leasehold leasehold, ElectionSettings settings,
                                       ElectionListener listener) {
        Objects.requireNonNull(hazelcast, "hazelcast");
        Objects.requireNonNull(leasehold, "leasehold");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        Elector elector = new Elector(hazelcast.getMap(Elector.RECORDS), leasehold, settings, listener);
        elector.start();
        return elector;
    }
}
