package io.leasehold;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** {@link OwnLease} on an in-memory lock and lessor: every lease it grants is revoked once the hold is done. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class OwnLeaseTest {

    private final FakeLeaseLock lock = new FakeLeaseLock("report");
    private final FakeLessor lessor = new FakeLessor();

    @Test
    void holdsUnderANewLeaseAndUnlockRevokesIt() throws Exception {
        LockHandle hold = OwnLease.tryLock(lessor, lock, Duration.ZERO, Duration.ofSeconds(30)).orElseThrow();
        assertEquals(List.of(Duration.ofSeconds(30)), lessor.grantedTtls);
        assertTrue(lessor.live.contains(hold.leaseId()), "the hold is under the granted lease");
        assertEquals(hold.leaseId(), lock.holder().orElseThrow().leaseId());
        assertEquals("report", hold.lockName());
        assertEquals(lock.holder().orElseThrow().fence(), hold.fence());
        assertTrue(hold.isValid());
        assertTrue(hold.toString().contains("own lease"), hold.toString());

        hold.unlock();
        assertTrue(lock.holder().isEmpty());
        assertFalse(lessor.live.contains(hold.leaseId()), "unlock revoked the lease");
        assertFalse(hold.isValid());
        assertThrows(LockNotHeldException.class, hold::unlock, "a second unlock is refused by the hold");
        hold.close(); // idempotent; the lease is gone already and that is fine
    }

    @Test
    void closeRevokesTheLeaseToo() throws Exception {
        LockHandle hold = OwnLease.tryLock(lessor, lock, Duration.ZERO, Duration.ofSeconds(30)).orElseThrow();
        hold.close();
        assertTrue(lock.holder().isEmpty());
        assertTrue(lessor.live.isEmpty());
    }

    @Test
    void aLockNotAcquiredHasItsLeaseRevokedAtOnce() throws Exception {
        LockHandle theirs = lock.tryLock().orElseThrow();
        assertTrue(OwnLease.tryLock(lessor, lock, Duration.ofMillis(10), Duration.ofSeconds(30)).isEmpty());
        assertEquals(1, lessor.grantedTtls.size());
        assertTrue(lessor.live.isEmpty(), "the unused lease was revoked");
        theirs.unlock();
    }

    @Test
    void aLostHoldReportsTheLossAndStillRevokesItsLease() throws Exception {
        LockHandle hold = OwnLease.tryLock(lessor, lock, Duration.ZERO, Duration.ofSeconds(30)).orElseThrow();
        lock.loseHold();
        assertFalse(hold.isValid());
        assertThrows(LockNotHeldException.class, hold::unlock);
        assertTrue(lessor.live.isEmpty());
    }

    @Test
    void aLeaseThatExpiredBeforeTheUnlockIsNotAnError() throws Exception {
        LockHandle hold = OwnLease.tryLock(lessor, lock, Duration.ZERO, Duration.ofSeconds(30)).orElseThrow();
        lessor.live.remove(hold.leaseId()); // expired on the cluster meanwhile
        hold.unlock();
        assertTrue(lock.holder().isEmpty());
        assertEquals(List.of(hold.leaseId()), lessor.revokeCalls, "the revoke was tried, and its refusal swallowed");
    }

    @Test
    void interruptedWhileWaitingLeavesNothingHeldQueuedOrGranted() throws Exception {
        LockHandle theirs = lock.tryLock().orElseThrow();
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                outcome.complete("locked: " + OwnLease.tryLock(lessor, lock, Duration.ofDays(1), Duration.ofSeconds(30)));
            } catch (InterruptedException e) {
                outcome.complete("interrupted");
            }
        });
        waiter.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> lock.waiters() == 1);
        waiter.interrupt();
        assertEquals("interrupted", outcome.get(20, TimeUnit.SECONDS));
        assertEquals(1, lessor.grantedTtls.size());
        assertTrue(lessor.live.isEmpty(), "the lease granted for the wait was revoked");
        assertEquals(0, lock.waiters());
        theirs.unlock();
    }

    @Test
    void badArgumentsAreRefusedBeforeALeaseIsGranted() {
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> OwnLease.tryLock(lessor, lock, Duration.ofSeconds(-1), Duration.ofSeconds(30)));
        assertTrue(negative.getMessage().contains("lock 'report'"), negative.getMessage());
        assertTrue(negative.getMessage().contains("negative"), negative.getMessage());
        assertEquals("lessor", assertThrows(NullPointerException.class,
                () -> OwnLease.tryLock(null, lock, Duration.ZERO, Duration.ofSeconds(1))).getMessage());
        assertEquals("lock", assertThrows(NullPointerException.class,
                () -> OwnLease.tryLock(lessor, null, Duration.ZERO, Duration.ofSeconds(1))).getMessage());
        assertEquals("wait", assertThrows(NullPointerException.class,
                () -> OwnLease.tryLock(lessor, lock, null, Duration.ofSeconds(1))).getMessage());
        assertEquals("leaseTime", assertThrows(NullPointerException.class,
                () -> OwnLease.tryLock(lessor, lock, Duration.ZERO, null)).getMessage());
        assertTrue(lessor.grantedTtls.isEmpty(), "nothing granted");
    }

    /** A lessor that grants and revokes leases in memory; OwnLease uses nothing else. */
    private static final class FakeLessor implements Lessor {
        final AtomicLong lastId = new AtomicLong(0x7000);
        final Set<Long> live = ConcurrentHashMap.newKeySet();
        final List<Duration> grantedTtls = new ArrayList<>();
        final List<Long> revokeCalls = new ArrayList<>();

        @Override
        public synchronized Lease grant(Duration ttl) {
            grantedTtls.add(ttl);
            long id = lastId.incrementAndGet();
            live.add(id);
            return new Lease(id, ttl);
        }

        @Override
        public synchronized void revoke(long leaseId) {
            revokeCalls.add(leaseId);
            if (!live.remove(leaseId)) {
                throw new LeaseNotFoundException(leaseId, "not found (expired or revoked)");
            }
        }

        @Override
        public CompletionStage<Lease> grantAsync(Duration ttl) {
            throw unused();
        }

        @Override
        public Duration renew(long leaseId) {
            throw unused();
        }

        @Override
        public CompletionStage<Duration> renewAsync(long leaseId) {
            throw unused();
        }

        @Override
        public CompletionStage<Void> revokeAsync(long leaseId) {
            throw unused();
        }

        @Override
        public void attach(long leaseId, Collection<String> keys) {
            throw unused();
        }

        @Override
        public void detach(long leaseId, Collection<String> keys) {
            throw unused();
        }

        @Override
        public LeaseInfo timeToLive(long leaseId) {
            throw unused();
        }

        @Override
        public List<Long> leases() {
            throw unused();
        }

        @Override
        public Optional<Long> leaseOf(String key) {
            throw unused();
        }

        @Override
        public KeepAlive keepAlive(long leaseId) {
            throw unused();
        }

        @Override
        public Registration addLeaseListener(LeaseListener listener) {
            throw unused();
        }

        private static UnsupportedOperationException unused() {
            return new UnsupportedOperationException("OwnLease does not call this");
        }
    }
}
