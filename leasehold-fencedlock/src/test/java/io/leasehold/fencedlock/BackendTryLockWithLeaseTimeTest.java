package io.leasehold.fencedlock;

import io.leasehold.LeaseLock;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;

import java.time.Duration;
import java.util.Optional;

/**
 * PENDING BACKEND CHANGE: pins the intended behaviour of the backend's own
 * {@link LeaseLock#tryLock(Duration, Duration)}, which lands in a parallel change to
 * hazelcast-backend. Until then the API's default refuses with UnsupportedOperationException and
 * these tests fail; they are meant to, and tolerate nothing.
 */
class BackendTryLockWithLeaseTimeTest extends LockWithLeaseTimeContract {

    @Override
    Optional<LockHandle> tryLock(Leasehold leasehold, LeaseLock lock, Duration wait, Duration leaseTime)
            throws InterruptedException {
        return lock.tryLock(wait, leaseTime);
    }
}
