package io.leasehold.resolver;

import org.eclipse.aether.named.NamedLockKey;
import org.eclipse.aether.named.support.NamedLockSupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The named lock of several keys ({@code getLock(Collection)}): each call takes every key at once, all
 * or nothing, through {@link Acquisition}, and records a step on each key's own lock, so the thread
 * re-enters those names through any lock of this factory. {@link #unlock()} pops this lock's last step
 * from every key, releasing in reverse order, and throws the first failure once all were released.
 * One instance per {@code getLock} call, as Resolver's composite lock is; closing it closes the keys' locks.
 */
final class CompositeLeaseholdNamedLock extends NamedLockSupport {

    private final List<LeaseholdNamedLock> locks;
    private final Acquisition acquisition;
    /** How many times each thread locked through this instance and has not unlocked yet. */
    private final Map<Thread, Integer> depth = new ConcurrentHashMap<>();

    CompositeLeaseholdNamedLock(NamedLockKey key, LeaseholdNamedLockFactory factory, List<LeaseholdNamedLock> locks,
                                Acquisition acquisition) {
        super(key, factory);
        this.locks = List.copyOf(locks);
        this.acquisition = acquisition;
    }

    @Override
    protected boolean doLockShared(long time, TimeUnit unit) throws InterruptedException {
        return counted(acquisition.acquire(locks, false, time, unit));
    }

    @Override
    protected boolean doLockExclusively(long time, TimeUnit unit) throws InterruptedException {
        return counted(acquisition.acquire(locks, true, time, unit));
    }

    private boolean counted(boolean locked) {
        if (locked) {
            depth.merge(Thread.currentThread(), 1, Integer::sum);
        }
        return locked;
    }

    @Override
    protected void doUnlock() {
        Thread me = Thread.currentThread();
        Integer n = depth.get(me);
        if (n == null) {
            throw new IllegalStateException("Wrong API usage: unlock without lock: thread " + me.getName()
                    + " holds no lock through " + key());
        }
        if (n == 1) {
            depth.remove(me);
        } else {
            depth.put(me, n - 1);
        }
        RuntimeException first = null;
        for (int i = locks.size() - 1; i >= 0; i--) {
            try {
                LeaseholdNamedLock.Step step = locks.get(i).pop();
                if (step.hold() != null) {
                    LeaseholdNamedLock.release(step.hold());
                }
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    protected void doClose() {
        locks.forEach(LeaseholdNamedLock::close);
    }
}
