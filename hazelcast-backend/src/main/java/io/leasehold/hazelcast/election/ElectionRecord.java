package io.leasehold.hazelcast.election;

import java.util.Objects;

/**
 * What a leader publishes about its term, next to the election's lock: its fence, the number of
 * transitions so far, and its identity. Stored as a string ({@code fence/transitions/identity}) so
 * the record needs no serializer of its own.
 */
record ElectionRecord(long fence, long transitions, String identity) {

    ElectionRecord {
        Objects.requireNonNull(identity, "identity");
    }

    String encode() {
        return fence + "/" + transitions + "/" + identity;
    }

    /**
     * @throws IllegalArgumentException if {@code raw} is not an encoded record
     */
    static ElectionRecord decode(String raw) {
        String[] parts = raw.split("/", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not an election record: '" + raw + "'");
        }
        try {
            return new ElectionRecord(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an election record: '" + raw + "'", e);
        }
    }

    /**
     * The record a new term with {@code fence} should write over {@code previous} (null when there is
     * none), or null when {@code previous} already belongs to this term or a later one.
     */
    static ElectionRecord next(ElectionRecord previous, long fence, String identity) {
        if (previous == null) {
            return new ElectionRecord(fence, 0, identity);
        }
        if (previous.fence() >= fence) {
            return null;
        }
        return new ElectionRecord(fence, previous.transitions() + 1, identity);
    }
}
