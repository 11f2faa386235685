package io.leasehold.hazelcast.internal.member;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.JavaSerializationFilterConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Java-serialization filter for members Leasehold owns (the standalone server, the demo, or a
 * member whose {@code MemberSettings} ask for it). It is never set on a member behind its owner's
 * back: a user's own maps may hold Java-serialized values, and a filter is a security policy.
 *
 * <p>Leasehold sends nothing through Java serialization: its records, processors and replies are
 * {@code IdentifiedDataSerializable}. What still arrives Java-serialized between members is an
 * exception: an error response carries the {@code Throwable} a member threw ({@code IMap.unlock} by
 * a non-owner answers with {@code IllegalMonitorStateException}, a user's entry processor may throw
 * anything). So the filter admits
 * <ul>
 *   <li>Hazelcast's and Leasehold's classes ({@link #PREFIXES});</li>
 *   <li>every subclass of {@code Throwable}, whatever its package: Hazelcast's {@code ClassFilter}
 *       lists names, not subclasses, so the allow list here also loads a class that is not listed
 *       (without initialising it: no static initialiser runs) and admits it when it is a
 *       {@code Throwable}. Hazelcast would load the class right after the filter admits it anyway;</li>
 *   <li>the JDK classes of a {@code Throwable}'s own serial form ({@link #JDK_CLASSES}).</li>
 * </ul>
 * and nothing else: no JDK collection, map, atomic or other value class, so a gadget built of JDK
 * classes (nested {@code HashSet}s and the like) is refused before it is made. An exception's own
 * fields still pass the filter class by class.
 *
 * <p><b>Merging</b> ({@link #merge}) with a filter the member's configuration already has: the
 * result refuses what that filter refuses (its deny list wins over everything, a {@code Throwable}
 * included) and admits what it admits (its allow list, and Hazelcast's default allow list if it
 * left the defaults on), plus what is listed above. It never narrows the configured filter, so a
 * filter that admits every class not on its deny list (an empty allow list with the defaults off),
 * or that keeps Hazelcast's defaults (which admit every {@code java*} class), still admits JDK
 * gadgets: that is logged at WARN when the filter is merged.
 *
 * <p>Each refusal is logged at WARN (at most one line a second), naming the class.
 */
public final class WireFilter {

    private static final Logger LOG = LoggerFactory.getLogger(WireFilter.class);

    /** Prefixes of the classes admitted: Hazelcast's own, and Leasehold's. */
    public static final List<String> PREFIXES = List.of("com.hazelcast.", "io.leasehold.");

    /**
     * The JDK classes admitted besides every {@code Throwable}: the parts of a {@code Throwable}'s
     * serial form (its stack trace, and the empty or unmodifiable lists that stand for "no
     * suppressed exceptions"). Not {@code ArrayList}: its serial form sizes an array from the wire
     * before reading it, so a {@code Throwable} with suppressed exceptions is refused.
     */
    public static final List<String> JDK_CLASSES = List.of(
            "java.lang.StackTraceElement", "[Ljava.lang.StackTraceElement;",
            "java.util.Collections$EmptyList", "java.util.Collections$UnmodifiableRandomAccessList",
            "java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableCollection");

    /** Class names admitted by the Throwable rule are remembered, up to this many. */
    private static final int REMEMBERED_THROWABLES = 10_000;

    private static final AtomicLong lastLog = new AtomicLong(Long.MIN_VALUE / 2);
    private static final AtomicLong refusals = new AtomicLong();

    private WireFilter() {
    }

    /**
     * Leasehold's filter alone: Hazelcast's default allow list off, the allow list described above,
     * an empty deny list.
     */
    public static JavaSerializationFilterConfig config() {
        return new JavaSerializationFilterConfig()
                .setDefaultsDisabled(true)
                .setWhitelist(new LoggingFilter());
    }

    /**
     * Leasehold's filter merged into {@code configured} (see the class comment), or Leasehold's alone
     * when {@code configured} is null. Returns {@code configured} itself, changed, or a new config;
     * merging twice changes nothing more.
     */
    public static JavaSerializationFilterConfig merge(JavaSerializationFilterConfig configured) {
        if (configured == null) {
            return config();
        }
        ClassFilter allowed = configured.getWhitelist();
        if (allowed instanceof LoggingFilter) {
            return configured;
        }
        if (!configured.isDefaultsDisabled()) {
            LOG.warn("The member's Java-serialization filter keeps Hazelcast's default allow list (every class named"
                    + " com.hazelcast.*, java* or [*), so it still admits JDK collections, the parts of"
                    + " deserialization gadgets; Leasehold's filter is added to it and narrows nothing."
                    + " Set defaults-disabled: true to refuse them");
        } else if (allowed.isEmpty()) {
            LOG.warn("The member's Java-serialization filter has no allow list, so it admits every class not on its"
                    + " deny list ({}), JDK gadgets included; Leasehold's filter is added to it and narrows nothing."
                    + " Give it an allow list to refuse them", configured.getBlacklist());
            return configured;
        }
        LoggingFilter merged = new LoggingFilter();
        merged.addClasses(allowed.getClasses().toArray(String[]::new));
        merged.addPackages(allowed.getPackages().toArray(String[]::new));
        merged.addPrefixes(allowed.getPrefixes().toArray(String[]::new));
        return configured.setWhitelist(merged);
    }

    /** True when {@code filter} is Leasehold's, alone or merged into another. */
    public static boolean isApplied(JavaSerializationFilterConfig filter) {
        return filter != null && filter.getWhitelist() instanceof LoggingFilter;
    }

    /** Refusals in this JVM since it started (for tests and metrics). */
    public static long refusals() {
        return refusals.get();
    }

    /** Whether {@code className} names a loadable subclass of {@code Throwable}; loads it without initialising it. */
    static boolean isThrowable(String className) {
        if (className.isEmpty() || className.charAt(0) == '[') {
            return false;
        }
        for (ClassLoader loader : new ClassLoader[] {Thread.currentThread().getContextClassLoader(),
                WireFilter.class.getClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                return Throwable.class.isAssignableFrom(Class.forName(className, false, loader));
            } catch (ClassNotFoundException | LinkageError notHere) {
                // try the next loader
            }
        }
        return false;
    }

    /** The allow list: {@link #PREFIXES}, {@link #JDK_CLASSES}, any Throwable; logs each class it does not admit. */
    private static final class LoggingFilter extends ClassFilter {

        LoggingFilter() {
            addPrefixes(PREFIXES.toArray(String[]::new));
            addClasses(JDK_CLASSES.toArray(String[]::new));
        }

        @Override
        public boolean isListed(String className) {
            Objects.requireNonNull(className, "className");
            if (super.isListed(className)) {
                return true;
            }
            if (isThrowable(className)) {
                if (getClasses().size() < REMEMBERED_THROWABLES) {
                    addClasses(className);
                }
                return true;
            }
            refusals.incrementAndGet();
            long now = System.nanoTime();
            long last = lastLog.get();
            if (now - last >= 1_000_000_000L && lastLog.compareAndSet(last, now)) {
                LOG.warn("Refused Java deserialization of {} from the wire: this member's filter admits no"
                        + " Java-serialized classes outside Hazelcast's, Leasehold's, its own allow list and"
                        + " exceptions ({} refusals so far)", className, refusals.get());
            }
            return false;
        }
    }
}
