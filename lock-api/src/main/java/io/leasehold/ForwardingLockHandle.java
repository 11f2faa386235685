package io.leasehold;

import java.util.Objects;

/**
 * A {@link LockHandle} that forwards every call to another handle, for handles that add a step to
 * the release of a hold they wrap (revoke the hold's own lease, stop renewing it) and otherwise are
 * that hold. A subclass overrides what it adds to and calls {@code super} (or {@link #delegate()})
 * for the rest: the name, fence, lease and validity always come from the wrapped hold.
 */
public abstract class ForwardingLockHandle implements LockHandle {

    private final LockHandle delegate;

    /** @throws NullPointerException if {@code delegate} is null */
    protected ForwardingLockHandle(LockHandle delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The wrapped hold. */
    protected final LockHandle delegate() {
        return delegate;
    }

    @Override
    public final String lockName() {
        return delegate.lockName();
    }

    @Override
    public final long fence() {
        return delegate.fence();
    }

    @Override
    public final long leaseId() {
        return delegate.leaseId();
    }

    @Override
    public boolean isValid() {
        return delegate.isValid();
    }

    @Override
    public void unlock() {
        delegate.unlock();
    }

    /** A subclass that adds a step to {@link #unlock()} adds it here too. */
    @Override
    public void unlockAndWait() {
        delegate.unlockAndWait();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
