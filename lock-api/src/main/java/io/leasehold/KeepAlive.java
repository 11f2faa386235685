package io.leasehold;

/** A lease being kept alive in the background; close to stop. Closing is idempotent. */
public interface KeepAlive extends AutoCloseable {

    /** The lease kept alive. */
    long leaseId();

    /** False once closed, or once a renewal found the lease gone. */
    boolean isActive();

    @Override
    void close();
}
