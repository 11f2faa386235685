package io.leasehold.shedlock;

import io.leasehold.LeaseLock;
import io.leasehold.Leasehold;
import io.leasehold.Lessor;
import io.leasehold.LockHandle;
import net.javacrumbs.shedlock.core.ExtensibleLockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A ShedLock {@link ExtensibleLockProvider} on Leasehold, with every duration measured by the
 * cluster, never by comparing wall clocks of different machines.
 *
 * <ul>
 *   <li><b>{@code lockAtMostFor}</b> is the TTL of a lease granted for the lock, which is
 *       <em>not</em> kept alive: if the holder dies, stalls or hangs in its task, the member owning the
 *       lease expires it on its own clock {@code lockAtMostFor} after the acquisition and the lock is free.
 *       (ShedLock's Hazelcast provider instead stores a wall-clock "locked until" that other nodes
 *       compare with their own clocks.)</li>
 *   <li><b>{@code lockAtLeastFor}</b>: on unlock, the provider asks the lease's owner how long the
 *       lease has run (its TTL minus its remaining time, both on the owner's clock); if that is less
 *       than {@code lockAtLeastFor}, the release waits for the rest, on this provider's release thread.
 *       If this process dies meanwhile, the lease still frees the lock at {@code lockAtMostFor}.</li>
 *   <li><b>{@code extend(lockAtMostFor, lockAtLeastFor)}</b> renews the lease, which holds the lock
 *       for another full TTL from now on the owner's clock. A lease's TTL is fixed at grant, so when
 *       the new {@code lockAtMostFor} is longer, this provider renews the lease again (on its release
 *       thread) until the lock is held to {@code now + lockAtMostFor}; when it is shorter, the lock is
 *       held to {@code now +} the original TTL at most. Extending a lock that was lost (its lease
 *       expired) returns empty, as ShedLock expects.</li>
 *   <li><b>Fences.</b> Every acquire gets a fencing token, greater than every token handed out for the
 *       lock before. ShedLock cannot stop a task that overran {@code lockAtMostFor} (a long GC pause,
 *       a stuck call): only the resource the task writes to can refuse the late write. Inside the task,
 *       {@link #currentFence()} is the fence of the lock that runs it: pass it to the resource and let
 *       the resource refuse a fence lower than the highest it has seen ({@link io.leasehold.FenceChecker},
 *       or a {@code last_fence} column checked in the {@code UPDATE}).</li>
 * </ul>
 *
 * <p>Lock names are {@code prefix + LockConfiguration.getName()}. The provider does not own the
 * {@link Leasehold}; it owns one daemon thread, "leasehold-shedlock-release", that runs delayed
 * releases and the renewals of extended locks, and nothing else. {@link #close()} stops it; locks
 * whose release was still pending are then freed by their leases.
 */
public final class LeaseholdLockProvider implements ExtensibleLockProvider, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseholdLockProvider.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    /** The locks taken by this thread through any provider, innermost last (ShedLock allows nesting). */
    private static final ThreadLocal<Deque<LeaseholdSimpleLock>> CURRENT = new ThreadLocal<>();

    private final Leasehold leasehold;
    private final String prefix;
    final ScheduledExecutorService releaser;

    public LeaseholdLockProvider(Leasehold leasehold) {
        this(leasehold, "");
    }

    /** A provider whose lock names are {@code prefix + name}, so that several applications can share a cluster. */
    public LeaseholdLockProvider(Leasehold leasehold, String prefix) {
        this.leasehold = Objects.requireNonNull(leasehold, "leasehold");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "leasehold-shedlock-release-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.releaser = Executors.newSingleThreadScheduledExecutor(factory);
    }

    /**
     * Takes the lock without waiting (ShedLock skips a task whose lock is held), under a lease of
     * {@code lockAtMostFor}. Empty when another node holds it.
     */
    @Override
    public Optional<SimpleLock> lock(LockConfiguration config) {
        Objects.requireNonNull(config, "lockConfiguration");
        String name = prefix + config.getName();
        LeaseLock lock = leasehold.lock(name);
        Duration ttl = leaseTtl(config.getLockAtMostFor());
        Optional<LockHandle> handle;
        try {
            // The lease counts from the acquisition and is never freed early by this node: only the
            // cluster ends it, at lockAtMostFor.
            handle = lock.tryLock(Duration.ZERO, ttl);
        } catch (InterruptedException e) {
            // A try without waiting does not block; keep the status for the caller.
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        if (handle.isEmpty()) {
            return Optional.empty();
        }
        LeaseholdSimpleLock taken = new LeaseholdSimpleLock(this, new Hold(handle.get(), ttl), config.getLockAtLeastFor());
        push(taken);
        LOG.debug("Locked '{}' with fence {} under {} for at most {}", name, taken.fence(), taken.hold.leaseId(), ttl);
        return Optional.of(taken);
    }

    /**
     * The fence of the innermost lock this thread took through a {@code LeaseholdLockProvider} and has
     * not unlocked yet: inside a ShedLock task, the fence of the lock that runs it. Pass it to the
     * resource the task writes to.
     *
     * @throws IllegalStateException if this thread holds no such lock (the task is not locked by Leasehold)
     */
    public static long currentFence() {
        return findCurrentFence().orElseThrow(() -> new IllegalStateException(
                "thread '" + Thread.currentThread().getName() + "' holds no ShedLock lock taken through a "
                        + "LeaseholdLockProvider (is the task locked, and is this its thread?)"));
    }

    /** Like {@link #currentFence()}, but empty when this thread holds no such lock. */
    public static OptionalLong findCurrentFence() {
        Deque<LeaseholdSimpleLock> locks = CURRENT.get();
        return locks == null || locks.isEmpty() ? OptionalLong.empty() : OptionalLong.of(locks.peekLast().fence());
    }

    /** Stops the release thread. Pending delayed releases are left to the leases, which free the locks at {@code lockAtMostFor}. */
    @Override
    public void close() {
        releaser.shutdownNow();
    }

    Lessor lessor() {
        return leasehold.lessor();
    }

    /**
     * The lease's TTL for {@code lockAtMostFor}, never lengthened: a lease needs a positive TTL, so
     * zero becomes 1 ms. A TTL below the members' minimum ({@code MemberSettings.minTtl}, 1 ms by
     * default) is refused by the members, and {@link #lock} throws the {@code IllegalArgumentException}
     * that names the minimum.
     */
    static Duration leaseTtl(Duration lockAtMostFor) {
        return lockAtMostFor.isZero() ? Duration.ofMillis(1) : lockAtMostFor;
    }

    private static void push(LeaseholdSimpleLock lock) {
        Deque<LeaseholdSimpleLock> locks = CURRENT.get();
        if (locks == null) {
            locks = new ArrayDeque<>();
            CURRENT.set(locks);
        }
        locks.addLast(lock);
    }

    /** Forgets {@code lock} (or the lock it was extended from) on this thread, if this thread took it. */
    static void pop(Hold hold) {
        Deque<LeaseholdSimpleLock> locks = CURRENT.get();
        if (locks == null) {
            return;
        }
        locks.removeIf(l -> l.hold == hold);
        if (locks.isEmpty()) {
            CURRENT.remove();
        }
    }

    /** Swaps the lock an extension replaced, keeping its place on the taking thread's stack. */
    static void replace(LeaseholdSimpleLock old, LeaseholdSimpleLock fresh) {
        Deque<LeaseholdSimpleLock> locks = CURRENT.get();
        if (locks == null || !locks.contains(old)) {
            return;
        }
        Deque<LeaseholdSimpleLock> next = new ArrayDeque<>(locks.size());
        for (LeaseholdSimpleLock l : locks) {
            next.addLast(l == old ? fresh : l);
        }
        CURRENT.set(next);
    }
}
