package io.leasehold.resolver;

import io.leasehold.LeaseholdUnavailableException;
import io.leasehold.LockHandle;
import org.eclipse.aether.named.NamedLockKey;
import org.eclipse.aether.named.support.LockUpgradeNotSupportedException;
import org.eclipse.aether.named.support.NamedLockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The named lock of one key: a Leasehold read-write lock, reentrant per thread as Resolver expects.
 *
 * <p>Each thread keeps a stack of its steps on this name, as Resolver's own read-write named lock
 * does. A thread's first step takes a hold on the cluster (shared or exclusive); further steps by the
 * same thread count on the stack without a call: a shared step under any hold, an exclusive step under
 * an exclusive one. A thread that holds the name only shared and asks for it exclusively is refused
 * with Resolver's {@link LockUpgradeNotSupportedException} (it would wait for its own shared hold).
 * {@link #unlock()} pops the thread's last step and releases the cluster hold with the step that took
 * it, waiting for the cluster's acknowledgement, so another build that asks next finds it free.
 *
 * <p>One instance per key and factory (the factory counts references); the composite lock of several
 * keys pushes and pops its steps here too, so a thread re-enters a name whichever lock it came through.
 */
final class LeaseholdNamedLock extends NamedLockSupport {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseholdNamedLock.class);

    /** One lock or re-entry by a thread: {@code hold} is the cluster hold it took, or null for a re-entry. */
    record Step(boolean exclusive, LockHandle hold) {
    }

    private final String lockName;
    private final Acquisition acquisition;
    /** Each thread's steps on this name; an entry is read and written only by its thread. */
    private final Map<Thread, Deque<Step>> steps = new ConcurrentHashMap<>();

    LeaseholdNamedLock(NamedLockKey key, String lockName, LeaseholdNamedLockFactory factory, Acquisition acquisition) {
        super(key, factory);
        this.lockName = lockName;
        this.acquisition = acquisition;
    }

    /** The name of the Leasehold read-write lock behind this key. */
    String lockName() {
        return lockName;
    }

    @Override
    protected boolean doLockShared(long time, TimeUnit unit) throws InterruptedException {
        return acquisition.acquire(List.of(this), false, time, unit);
    }

    @Override
    protected boolean doLockExclusively(long time, TimeUnit unit) throws InterruptedException {
        return acquisition.acquire(List.of(this), true, time, unit);
    }

    @Override
    protected void doUnlock() {
        Step step = pop();
        if (step.hold() != null) {
            release(step.hold());
        }
    }

    /**
     * True if the current thread may take this step without the cluster (it holds the name, and the step
     * is shared, or exclusive under an exclusive step). Refuses an upgrade.
     */
    boolean reentersWith(boolean exclusive) {
        Deque<Step> mine = steps.get(Thread.currentThread());
        if (mine == null || mine.isEmpty()) {
            return false;
        }
        if (!exclusive) {
            return true;
        }
        for (Step s : mine) {
            if (s.exclusive()) {
                return true;
            }
        }
        throw new LockUpgradeNotSupportedException(this);
    }

    /** Records a step of the current thread: a re-entry, or the cluster hold it took. */
    void push(Step step) {
        steps.computeIfAbsent(Thread.currentThread(), t -> new ArrayDeque<>()).push(step);
    }

    /** Removes the current thread's last step; refuses an unlock without a lock. */
    Step pop() {
        Thread me = Thread.currentThread();
        Deque<Step> mine = steps.get(me);
        if (mine == null || mine.isEmpty()) {
            throw new IllegalStateException("Wrong API usage: unlock without lock: thread " + me.getName()
                    + " holds no lock on '" + key().name() + "' (Leasehold lock '" + lockName + "')");
        }
        Step step = mine.pop();
        if (mine.isEmpty()) {
            steps.remove(me);
        }
        return step;
    }

    /** True if some thread still holds this name through this factory. */
    boolean held() {
        return !steps.isEmpty();
    }

    /**
     * Releases a cluster hold and waits for the acknowledgement. A release the cluster did not confirm is
     * retried in the background by the Leasehold instance; it is logged, not thrown, since the build can do
     * nothing about it. A hold that was lost (its lease ended) throws: the work done under it was unprotected.
     */
    static void release(LockHandle hold) {
        try {
            hold.unlockAndWait();
        } catch (LeaseholdUnavailableException e) {
            LOG.warn("release of Leasehold lock '{}' (fence {}) not confirmed; it is retried in the background: {}",
                    hold.lockName(), hold.fence(), e.getMessage());
        }
    }
}
