package io.leasehold.fencedlock;

import io.leasehold.LockHandle;

/** A thread's ownership of a {@link LeaseholdFencedLock}: the cluster hold and the re-entry count. */
final class Hold {

    /** What a try-acquire past the lock acquire limit gets in place of the hold. */
    static final Hold LIMIT_REACHED = new Hold(null);

    final LockHandle handle;
    volatile int count = 1; // written only by the owning thread

    Hold(LockHandle handle) {
        this.handle = handle;
    }
}
