package io.leasehold;

/** A registered listener; close to remove it. Closing is idempotent. */
public interface Registration extends AutoCloseable {
    @Override
    void close();
}
