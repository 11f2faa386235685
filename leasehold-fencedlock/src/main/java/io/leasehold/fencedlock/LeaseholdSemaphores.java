package io.leasehold.fencedlock;

import com.hazelcast.config.cp.SemaphoreConfig;
import com.hazelcast.cp.ISemaphore;
import io.leasehold.Leasehold;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Where {@link ISemaphore}s come from on open-source members: in place of
 * {@code hazelcast.getCPSubsystem().getSemaphore(name)}, write
 * {@code LeaseholdSemaphores.get(leasehold, name)}; the code using the semaphore stays as it is.
 *
 * <p>Returns the same object for the same Leasehold instance and name until it is destroyed. The
 * objects are cached per Leasehold instance: call {@link #forget(Leasehold)} when closing an instance
 * to drop its share.
 */
public final class LeaseholdSemaphores {

    private static final ConcurrentMap<Leasehold, ConcurrentMap<String, LeaseholdISemaphore>> SEMAPHORES =
            new ConcurrentHashMap<>();

    private LeaseholdSemaphores() {
    }

    /**
     * The semaphore {@code name} on {@code leasehold}'s cluster. It has no permits to give until it is
     * initialised ({@link ISemaphore#init}), here or by any other instance.
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the name is blank or too long for Leasehold
     */
    public static LeaseholdISemaphore get(Leasehold leasehold, String name) {
        Objects.requireNonNull(leasehold, "leasehold");
        Objects.requireNonNull(name, "name");
        ConcurrentMap<String, LeaseholdISemaphore> ofInstance =
                SEMAPHORES.computeIfAbsent(leasehold, l -> new ConcurrentHashMap<>());
        LeaseholdISemaphore existing = ofInstance.get(name);
        if (existing != null) {
            return existing;
        }
        LeaseholdISemaphore[] created = new LeaseholdISemaphore[1];
        created[0] = new LeaseholdISemaphore(leasehold, leasehold.semaphore(name),
                () -> ofInstance.remove(name, created[0]));
        LeaseholdISemaphore raced = ofInstance.putIfAbsent(name, created[0]);
        return raced != null ? raced : created[0];
    }

    /**
     * The semaphore {@code config.getName()}, initialised with the config's initial permits when they are
     * positive and the semaphore was never initialised (as the CP semaphore applies its
     * {@link SemaphoreConfig}). Only the session-aware semaphore exists here: permits always belong to
     * a lease, so a JDK-compatible (sessionless) config is refused.
     *
     * @throws NullPointerException     if an argument or the config's name is null
     * @throws IllegalArgumentException if the config is JDK-compatible, or its initial permits are
     *                                  negative (nothing is created)
     */
    public static LeaseholdISemaphore get(Leasehold leasehold, SemaphoreConfig config) {
        Objects.requireNonNull(config, "config");
        String name = Objects.requireNonNull(config.getName(), "config.getName()");
        if (config.isJDKCompatible()) {
            throw new IllegalArgumentException("semaphore '" + name + "': a JDK-compatible (sessionless) semaphore"
                    + " is not offered: Leasehold's permits always belong to a lease, which gives them back when"
                    + " its holder dies; use a config with setJDKCompatible(false)");
        }
        if (config.getInitialPermits() < 0) {
            throw new IllegalArgumentException("semaphore '" + name + "': initial permits must not be negative, got "
                    + config.getInitialPermits());
        }
        LeaseholdISemaphore semaphore = get(leasehold, name);
        if (config.getInitialPermits() > 0) {
            semaphore.init(config.getInitialPermits());
        }
        return semaphore;
    }

    /**
     * Drops the cached semaphores of {@code leasehold} (call it when closing the instance). Permits still
     * held are not released here: closing the Leasehold instance revokes its session, which does.
     */
    public static void forget(Leasehold leasehold) {
        SEMAPHORES.remove(Objects.requireNonNull(leasehold, "leasehold"));
    }
}
