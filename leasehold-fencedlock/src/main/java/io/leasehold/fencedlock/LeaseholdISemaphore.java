package io.leasehold.fencedlock;

import com.hazelcast.cp.ISemaphore;
import com.hazelcast.spi.exception.DistributedObjectDestroyedException;
import io.leasehold.LeaseSemaphore;
import io.leasehold.Leasehold;
import io.leasehold.PermitsNotHeldException;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hazelcast's {@link ISemaphore} interface on a {@link LeaseSemaphore}, for open-source members (the
 * interface still ships in the open-source jar; its CP implementation does not). Code written for
 * {@code hazelcast.getCPSubsystem().getSemaphore(name)} runs unchanged on
 * {@link LeaseholdSemaphores#get(Leasehold, String)}.
 *
 * <p><b>Behaviour, as the session-aware CP semaphore's documentation describes it:</b>
 * <ul>
 *   <li>Permits belong to the Leasehold instance's session lease (the counterpart of a CP session):
 *       any thread of the instance may release what another thread of it acquired, and when the lease
 *       ends (the process died, or paused past its TTL) every permit it held comes back by itself.</li>
 *   <li>{@link #init} sets the permit count once: true the first time, false after (nothing changes).</li>
 *   <li>Acquires are served first come, first served on the semaphore's owner; {@link #acquire} waits
 *       and is interruptible (nothing stays taken or queued on interrupt); {@code tryAcquire()} does
 *       not wait; {@code tryAcquire(..., timeout, unit)} waits up to the timeout (none when it is 0 or
 *       negative). A request for more permits than the semaphore has waits for an increase (or gets
 *       false from a {@code tryAcquire} that does not wait).</li>
 *   <li>A count that is zero or negative for {@code acquire}, {@code tryAcquire} and {@code release},
 *       negative for {@code init}, {@code increasePermits} and {@code reducePermits}, is refused with
 *       {@link IllegalArgumentException} naming the semaphore; nothing changes. An increase or
 *       reduction of 0 does nothing.</li>
 *   <li>{@link #release(int)} of more permits than this instance's session holds is refused with
 *       {@link IllegalArgumentException} (nothing is released), and with
 *       {@link IllegalStateException} when the instance has no session, as the CP semaphore does.</li>
 *   <li>{@link #reducePermits} does not take back permits that are held: {@link #availablePermits()}
 *       can turn negative until they are released.</li>
 * </ul>
 *
 * <p><b>Differences</b> (the module's README lists them): a semaphore never initialised is refused
 * with {@link IllegalStateException} where the CP one has 0 permits; the permit count never goes below
 * zero (a reduction below zero is refused, where the CP one lets it); waiting is strictly first come,
 * first served, so a large request at the head is not passed by smaller ones behind it;
 * {@link #destroy()} forgets this object and gives back the permits taken through it, the semaphore
 * stays, and a thread waiting in {@code acquire} goes on waiting.
 */
public final class LeaseholdISemaphore implements ISemaphore {

    /** The service name reported by {@link #getServiceName()}. */
    public static final String SERVICE_NAME = "leasehold:semaphoreService";

    private final LeaseSemaphore semaphore;
    private final Leasehold leasehold;
    private final Runnable onDestroy;
    /** Permits taken through this object and not given back through it: what {@link #destroy()} releases. */
    private final AtomicLong takenHere = new AtomicLong();
    private volatile boolean destroyed;

    LeaseholdISemaphore(Leasehold leasehold, LeaseSemaphore semaphore, Runnable onDestroy) {
        this.leasehold = leasehold;
        this.semaphore = semaphore;
        this.onDestroy = onDestroy;
    }

    @Override
    public boolean init(int permits) {
        checkNotDestroyed();
        return semaphore.init(permits);
    }

    // ------------------------------------------------------------------ acquiring

    @Override
    public void acquire() throws InterruptedException {
        acquire(1);
    }

    @Override
    public void acquire(int permits) throws InterruptedException {
        checkNotDestroyed();
        positive(permits, "acquire");
        semaphore.acquire(permits);
        takenHere.addAndGet(permits);
    }

    @Override
    public boolean tryAcquire() {
        return tryAcquire(1);
    }

    @Override
    public boolean tryAcquire(int permits) {
        checkNotDestroyed();
        positive(permits, "tryAcquire");
        return tryNow(permits);
    }

    @Override
    public boolean tryAcquire(long timeout, TimeUnit unit) throws InterruptedException {
        return tryAcquire(1, timeout, unit);
    }

    @Override
    public boolean tryAcquire(int permits, long timeout, TimeUnit unit) throws InterruptedException {
        Objects.requireNonNull(unit, "unit");
        checkNotDestroyed();
        positive(permits, "tryAcquire");
        if (timeout <= 0) {
            return tryNow(permits);
        }
        return taken(semaphore.tryAcquire(permits, Duration.ofNanos(unit.toNanos(timeout))), permits);
    }

    @Override
    public int drainPermits() {
        checkNotDestroyed();
        int drained = semaphore.drainPermits();
        takenHere.addAndGet(drained);
        return drained;
    }

    // ------------------------------------------------------------------ releasing and counting

    @Override
    public void release() {
        release(1);
    }

    /**
     * @throws IllegalArgumentException if {@code permits} is not positive, or this instance's session
     *                                  holds fewer permits of this semaphore (nothing is released)
     * @throws IllegalStateException    if this instance has no session lease (it never acquired, or
     *                                  its session ended and its permits came back)
     */
    @Override
    public void release(int permits) {
        checkNotDestroyed();
        positive(permits, "release");
        try {
            semaphore.release(permits);
        } catch (PermitsNotHeldException e) {
            RuntimeException refused = leasehold.sessionLeaseId().isPresent()
                    ? new IllegalArgumentException(e.getMessage(), e)
                    : new IllegalStateException(e.getMessage() + " (this Leasehold instance has no session lease)", e);
            throw refused;
        }
        takenHere.updateAndGet(n -> Math.max(0, n - permits));
    }

    @Override
    public int availablePermits() {
        checkNotDestroyed();
        return semaphore.availablePermits();
    }

    @Override
    public void increasePermits(int increase) {
        checkNotDestroyed();
        notNegative(increase, "increasePermits");
        if (increase > 0) {
            semaphore.increasePermits(increase);
        }
    }

    @Override
    public void reducePermits(int reduction) {
        checkNotDestroyed();
        notNegative(reduction, "reducePermits");
        if (reduction > 0) {
            semaphore.reducePermits(reduction);
        }
    }

    // ------------------------------------------------------------------ DistributedObject

    @Override
    public String getName() {
        return semaphore.name();
    }

    /** The semaphore name: Leasehold keeps the semaphore's record in the partition of its name. */
    @Override
    public String getPartitionKey() {
        return getName();
    }

    @Override
    public String getServiceName() {
        return SERVICE_NAME;
    }

    /**
     * Forgets this object: gives back the permits taken through it that this instance's session still
     * holds, removes it from {@link LeaseholdSemaphores}, and makes every later call on it throw
     * {@link DistributedObjectDestroyedException}. The semaphore itself, its count and others' permits,
     * stays in the cluster; a later {@link LeaseholdSemaphores#get} returns a new object for it.
     */
    @Override
    public void destroy() {
        if (destroyed) {
            return;
        }
        destroyed = true;
        onDestroy.run();
        long mine = Math.min(takenHere.getAndSet(0), semaphore.heldPermits());
        if (mine > 0) {
            semaphore.release((int) mine);
        }
    }

    // ------------------------------------------------------------------ plumbing

    /** A try without waiting; more permits than the semaphore has is a plain no, as from the CP semaphore. */
    private boolean tryNow(int permits) {
        OptionalLong fence;
        try {
            fence = semaphore.tryAcquire(permits);
        } catch (IllegalArgumentException moreThanItHas) { // the count and name were checked already
            return false;
        }
        return taken(fence, permits);
    }

    private boolean taken(OptionalLong fence, int permits) {
        if (fence.isPresent()) {
            takenHere.addAndGet(permits);
            return true;
        }
        return false;
    }

    private void positive(int permits, String verb) {
        if (permits <= 0) {
            throw new IllegalArgumentException("semaphore '" + getName() + "': " + verb
                    + " needs a positive number of permits, got " + permits + "; nothing changed");
        }
    }

    private void notNegative(int permits, String verb) {
        if (permits < 0) {
            throw new IllegalArgumentException("semaphore '" + getName() + "': " + verb
                    + " needs a number of permits of 0 or more, got " + permits + "; nothing changed");
        }
    }

    private void checkNotDestroyed() {
        if (destroyed) {
            throw new DistributedObjectDestroyedException("semaphore '" + getName() + "' was destroyed; "
                    + "get a new one from LeaseholdSemaphores");
        }
    }

    @Override
    public String toString() {
        return "LeaseholdISemaphore{name='" + getName() + "', takenHere=" + takenHere.get() + '}';
    }
}
