package io.leasehold.hazelcast.internal.client;

import java.util.concurrent.atomic.AtomicBoolean;

/** Whether the instance is open; every call checks it before it sends anything. */
final class InstanceLifecycle {

    private final AtomicBoolean closed = new AtomicBoolean();

    /** True the first time: the caller closes the instance. */
    boolean close() {
        return closed.compareAndSet(false, true);
    }

    boolean isClosed() {
        return closed.get();
    }

    void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this Leasehold instance is closed");
        }
    }
}
