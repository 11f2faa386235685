package io.leasehold.demo;

import com.hazelcast.core.HazelcastInstance;

import java.util.Optional;

/** Where the demo's workers connect: embedded members, or clients of members elsewhere. */
interface Topology extends AutoCloseable {

    /** One line for the header and summary, e.g. "embedded: 3 members in this JVM". */
    String describe();

    /** "embedded" or "client-server". */
    String mode();

    /** Members at the start. */
    int memberCount();

    /**
     * A running Hazelcast instance (member or client) for the worker in slot {@code slot}. Slots are
     * spread over the instances; a slot whose instance was terminated gets a live one.
     */
    HazelcastInstance endpoint(int slot);

    /** Terminates one member abruptly; empty when the topology cannot (members it did not start). */
    Optional<String> killOneMember();

    /** The run failed (an error, or a check that did not hold): keep what explains it, such as member logs. */
    default void runFailed() {
    }

    /** Stops what the demo started. Never throws. */
    @Override
    void close();
}
