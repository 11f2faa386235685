package io.leasehold.hazelcast.internal.client;

import io.leasehold.LockLostListener;
import io.leasehold.Registration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The <b>listener thread</b> ({@code leasehold-listeners-*}): every user callback of an instance
 * (lock lost, lease ended) runs here, in order, so a slow listener delays no renewal and loses no
 * event. Nothing else runs on this thread.
 */
final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);

    private final ExecutorService thread;
    private final List<LockLostListener> lost = new CopyOnWriteArrayList<>();

    Listeners(String hexTag) {
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "leasehold-listeners-" + hexTag);
            t.setDaemon(true);
            return t;
        });
    }

    Registration addLockLost(LockLostListener listener) {
        Objects.requireNonNull(listener, "listener");
        lost.add(listener);
        AtomicBoolean removed = new AtomicBoolean();
        return () -> {
            if (removed.compareAndSet(false, true)) {
                lost.remove(listener);
            }
        };
    }

    /** Tells every lock-lost listener that this hold may be gone. */
    void fireLost(Hold hold, String reason) {
        run(() -> {
            for (LockLostListener listener : lost) {
                try {
                    listener.lockLost(hold.lockName(), hold.fence(), hold.leaseId(), reason);
                } catch (RuntimeException e) {
                    LOG.warn("A lock-lost listener failed for lock '{}'", hold.lockName(), e);
                }
            }
        });
    }

    /** Runs a user callback on the listener thread, in order; never on a Hazelcast or keep-alive thread. */
    void run(Runnable callback) {
        try {
            thread.execute(callback);
        } catch (RejectedExecutionException e) {
            callback.run();
        }
    }

    void shutdown() {
        thread.shutdown();
    }
}
