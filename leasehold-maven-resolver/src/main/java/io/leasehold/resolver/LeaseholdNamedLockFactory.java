package io.leasehold.resolver;

import io.leasehold.Leasehold;
import io.leasehold.resolver.client.HazelcastClientLeasehold;
import org.eclipse.aether.named.NamedLock;
import org.eclipse.aether.named.NamedLockKey;
import org.eclipse.aether.named.support.NamedLockFactorySupport;
import org.eclipse.aether.named.support.NamedLockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.inject.Inject;
import javax.inject.Named;
import javax.inject.Singleton;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Maven Resolver's named locks on Leasehold's read-write locks, selected by name:
 * {@code -Daether.syncContext.named.factory=leasehold}.
 *
 * <p>Every key is a Leasehold read-write lock named {@value #NAME_PREFIX} followed by the key's name.
 * {@code lockShared} takes shared holds and {@code lockExclusively} the exclusive hold; a lock of several
 * keys takes them all or none, in one global order, so builds whose key sets overlap cannot deadlock.
 * Locks are reentrant per thread; a thread holding a key only shared that asks for it exclusively is
 * refused with Resolver's {@code LockUpgradeNotSupportedException}. Holds belong to the Leasehold
 * instance's session lease, so when the build process dies the cluster frees them within the session's
 * TTL, with no action by anyone.
 *
 * <p>Two ways to get one:
 * <ul>
 *   <li>Maven creates it by name (Sisu), with the no-argument constructor: it reads the build's settings
 *       (system properties {@code aether.syncContext.named.leasehold.members}, {@code .clusterName},
 *       {@code .sessionTtl}, see {@link io.leasehold.resolver.client.ClientSettings}) at once, starts a
 *       Hazelcast client on first use (see {@link HazelcastClientLeasehold}), and {@link #shutdown()}
 *       closes the instance and the client.</li>
 *   <li>{@link #LeaseholdNamedLockFactory(Leasehold)} for code that has a Leasehold instance already
 *       (embedding, tests); {@link #shutdown()} leaves that instance open.</li>
 * </ul>
 */
@Singleton
@Named(LeaseholdNamedLockFactory.NAME)
public final class LeaseholdNamedLockFactory extends NamedLockFactorySupport {

    /** The factory's name, for {@code aether.syncContext.named.factory}. */
    public static final String NAME = "leasehold";

    /** What the Leasehold lock names of Resolver's keys start with. */
    public static final String NAME_PREFIX = "maven:resolver:";

    private static final Logger LOG = LoggerFactory.getLogger(LeaseholdNamedLockFactory.class);

    private final Acquisition acquisition;
    private final Runnable closeWhatItOpened;
    private final AtomicInteger composites = new AtomicInteger();

    /** The factory Maven creates: a Hazelcast client of its own, started on first use. */
    @Inject
    public LeaseholdNamedLockFactory() {
        this(HazelcastClientLeasehold.fromSystemProperties());
    }

    private LeaseholdNamedLockFactory(HazelcastClientLeasehold client) {
        this(client, client::close);
    }

    /** A factory on a Leasehold instance the caller owns: {@link #shutdown()} does not close it. */
    public LeaseholdNamedLockFactory(Leasehold leasehold) {
        this(supplierOf(Objects.requireNonNull(leasehold, "leasehold")), () -> { });
    }

    private LeaseholdNamedLockFactory(Supplier<Leasehold> leasehold, Runnable closeWhatItOpened) {
        this.acquisition = new Acquisition(leasehold);
        this.closeWhatItOpened = closeWhatItOpened;
    }

    private static Supplier<Leasehold> supplierOf(Leasehold leasehold) {
        return () -> leasehold;
    }

    @Override
    protected NamedLockSupport createLock(NamedLockKey key) {
        return new LeaseholdNamedLock(key, NAME_PREFIX + key.name(), this, acquisition);
    }

    /** One key: its own reference-counted lock. Several: a composite over each key's lock, taken all at once. */
    @Override
    protected NamedLock doGetLock(Collection<NamedLockKey> keys) {
        Set<NamedLockKey> distinct = new LinkedHashSet<>();
        for (NamedLockKey key : keys) {
            distinct.add(Objects.requireNonNull(key, "keys must not contain null"));
        }
        if (distinct.size() == 1) {
            NamedLockKey key = distinct.iterator().next();
            return getLockAndRefTrack(key, () -> createLock(key));
        }
        List<LeaseholdNamedLock> locks = new ArrayList<>(distinct.size());
        List<String> resources = new ArrayList<>();
        for (NamedLockKey key : distinct) {
            locks.add((LeaseholdNamedLock) getLockAndRefTrack(key, () -> createLock(key)));
            resources.addAll(key.resources());
        }
        NamedLockKey compositeKey = NamedLockKey.of("composite-" + composites.incrementAndGet(), resources);
        return new CompositeLeaseholdNamedLock(compositeKey, this, locks, acquisition);
    }

    @Override
    protected void destroyLock(NamedLock lock) {
        if (lock instanceof LeaseholdNamedLock l && l.held()) {
            LOG.warn("named lock '{}' was closed while a thread still holds it; its holds stay until the Leasehold "
                    + "session ends", l.key().name());
        }
    }

    /** Closes the Hazelcast client and Leasehold instance this factory started, if it started them. */
    @Override
    protected void doShutdown() {
        closeWhatItOpened.run();
    }
}
