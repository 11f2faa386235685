package io.leasehold.resolver;

import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.ReadWriteLocks;
import io.leasehold.ReadWriteLocks.Mode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Takes the names of one {@code lockShared}/{@code lockExclusively} call, all or nothing.
 *
 * <p>First, for every name, whether the current thread re-enters it (no call) or needs a cluster hold;
 * an upgrade is refused here, before anything is taken. Then the names that need a hold are taken
 * with {@link ReadWriteLocks#tryLockAll}: in one global order (the names' natural order), so two
 * builds whose key sets overlap wait for each other in the same order and cannot deadlock, within the
 * one wait for them all; if any cannot be had in time, the ones already taken are released and the
 * call answers false with nothing held. Only then is a step recorded on every name.
 */
final class Acquisition {

    private final Supplier<Leasehold> leasehold;

    /** {@code leasehold} is asked for the instance on the first call that needs the cluster. */
    Acquisition(Supplier<Leasehold> leasehold) {
        this.leasehold = leasehold;
    }

    boolean acquire(List<LeaseholdNamedLock> locks, boolean exclusive, long time, TimeUnit unit)
            throws InterruptedException {
        Objects.requireNonNull(unit, () -> "named lock(s) " + names(locks) + ": the wait's unit must not be null");
        if (time < 0) {
            throw new IllegalArgumentException("named lock(s) " + names(locks) + ": the wait must not be negative, got "
                    + time + " " + unit);
        }
        Map<String, Mode> wanted = new TreeMap<>();
        for (LeaseholdNamedLock lock : locks) {
            if (!lock.reentersWith(exclusive)) {
                wanted.put(lock.lockName(), exclusive ? Mode.EXCLUSIVE : Mode.SHARED);
            }
        }
        Map<String, LockHandle> taken = Map.of();
        if (!wanted.isEmpty()) {
            Optional<ReadWriteLocks.Holds> holds = ReadWriteLocks.tryLockAll(leasehold.get(), wanted,
                    Duration.ofNanos(unit.toNanos(time)));
            if (holds.isEmpty()) {
                return false;
            }
            taken = holds.get().handles();
        }
        for (LeaseholdNamedLock lock : locks) {
            lock.push(new LeaseholdNamedLock.Step(exclusive, taken.get(lock.lockName())));
        }
        return true;
    }

    private static String names(List<LeaseholdNamedLock> locks) {
        return locks.stream().map(l -> "'" + l.key().name() + "'").collect(Collectors.joining(", "));
    }
}
