package io.leasehold.fencedlock;

import io.leasehold.LeaseLock;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.OwnLease;

import java.time.Duration;
import java.util.Optional;

/** {@link OwnLease}: the lock-with-its-own-lease contract built from the lessor (what the adapters use today). */
class OwnLeaseTest extends LockWithLeaseTimeContract {

    @Override
    Optional<LockHandle> tryLock(Leasehold leasehold, LeaseLock lock, Duration wait, Duration leaseTime)
            throws InterruptedException {
        return OwnLease.tryLock(leasehold.lessor(), lock, wait, leaseTime);
    }
}
