package io.leasehold.vertx;

import io.leasehold.LockHandle;
import io.leasehold.LockNotHeldException;
import io.vertx.core.shareddata.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Vert.x {@link Lock} that is one hold of a Leasehold lock. Vert.x releases from any thread, often an
 * event loop, so {@link #release()} only hands the unlock to the cluster manager's release executor
 * and returns; the hold is not tied to the thread that took it. Releasing twice does nothing more.
 */
final class FencedVertxLock implements Lock {

    private static final Logger LOG = LoggerFactory.getLogger(FencedVertxLock.class);

    private final LockHandle handle;
    private final Executor releases;
    private final AtomicBoolean released = new AtomicBoolean();

    FencedVertxLock(LockHandle handle, Executor releases) {
        this.handle = handle;
        this.releases = releases;
    }

    LockHandle handle() {
        return handle;
    }

    @Override
    public void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        try {
            releases.execute(this::unlock);
        } catch (RejectedExecutionException e) {
            // The node is leaving: closing its Leasehold revokes the session lease, which frees the lock.
            LOG.debug("Leasehold lock '{}' not released by its holder: the node is leaving, its session lease"
                    + " ends with it", handle.lockName(), e);
        }
    }

    private void unlock() {
        try {
            handle.unlock();
        } catch (LockNotHeldException e) {
            LOG.warn("Leasehold lock '{}' (fence {}) was lost before its release: its session lease ended while it"
                    + " was held, so writes made under it may not have been exclusive (a resource that checks"
                    + " fences refuses those that came after a newer holder's)", handle.lockName(), handle.fence(), e);
        } catch (RuntimeException e) {
            LOG.warn("Leasehold lock '{}' (fence {}): the release failed; the lock is freed when the session"
                    + " lease of this node ends", handle.lockName(), handle.fence(), e);
        }
    }
}
