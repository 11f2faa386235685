package io.leasehold.hazelcast.internal.member;

import com.hazelcast.config.ClassFilter;
import com.hazelcast.config.JavaSerializationFilterConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Java-serialization filter Leasehold gives its members. Leasehold sends nothing through Java
 * serialization: its records, processors and replies are {@code IdentifiedDataSerializable}. What
 * may still arrive Java-serialized from a member is an exception (an error response), so the
 * filter admits Hazelcast's and Leasehold's classes and, from the JDK, only the exceptions and the
 * parts of a {@code Throwable}'s serial form — no collections, maps or other JDK classes, so a
 * gadget built of JDK classes (nested {@code HashSet}s and the like) is refused before it is made.
 *
 * <p>Each refusal is logged at WARN (at most one line a second), naming the class.
 */
public final class WireFilter {

    private static final Logger LOG = LoggerFactory.getLogger(WireFilter.class);

    /** Prefixes of the classes admitted: Hazelcast's own, and Leasehold's. */
    public static final List<String> PREFIXES = List.of("com.hazelcast.", "io.leasehold.");

    /** The JDK classes admitted: exceptions and the parts of a Throwable's serial form. */
    public static final List<String> JDK_CLASSES = List.of(
            "java.lang.Throwable", "java.lang.Exception", "java.lang.RuntimeException", "java.lang.Error",
            "java.lang.StackTraceElement", "[Ljava.lang.StackTraceElement;",
            "java.util.Collections$EmptyList", "java.util.Collections$UnmodifiableRandomAccessList",
            "java.util.Collections$UnmodifiableList", "java.util.Collections$UnmodifiableCollection",
            "java.lang.IllegalArgumentException", "java.lang.IllegalStateException",
            "java.lang.NullPointerException", "java.lang.UnsupportedOperationException",
            "java.lang.ClassCastException", "java.lang.ArithmeticException",
            "java.lang.IndexOutOfBoundsException", "java.lang.ArrayIndexOutOfBoundsException",
            "java.lang.NumberFormatException", "java.lang.SecurityException",
            "java.lang.InterruptedException", "java.lang.ReflectiveOperationException",
            "java.lang.ClassNotFoundException", "java.lang.LinkageError", "java.lang.NoClassDefFoundError",
            "java.lang.AssertionError", "java.lang.VirtualMachineError", "java.lang.OutOfMemoryError",
            "java.lang.StackOverflowError",
            "java.util.NoSuchElementException", "java.util.ConcurrentModificationException",
            "java.util.concurrent.TimeoutException", "java.util.concurrent.CancellationException",
            "java.util.concurrent.ExecutionException", "java.util.concurrent.CompletionException",
            "java.util.concurrent.RejectedExecutionException",
            "java.io.IOException", "java.io.UncheckedIOException", "java.io.EOFException",
            "java.io.ObjectStreamException", "java.io.InvalidClassException", "java.io.NotSerializableException");

    private static final AtomicLong lastLog = new AtomicLong(Long.MIN_VALUE / 2);
    private static final AtomicLong refusals = new AtomicLong();

    private WireFilter() {
    }

    /** A filter config admitting only {@link #PREFIXES} and {@link #JDK_CLASSES}, with Hazelcast's defaults off. */
    public static JavaSerializationFilterConfig config() {
        ClassFilter admitted = new LoggingFilter();
        admitted.addPrefixes(PREFIXES.toArray(String[]::new));
        admitted.addClasses(JDK_CLASSES.toArray(String[]::new));
        return new JavaSerializationFilterConfig()
                .setDefaultsDisabled(true)
                .setWhitelist(admitted);
    }

    /** Refusals in this JVM since it started (for tests and metrics). */
    public static long refusals() {
        return refusals.get();
    }

    /** The admitted list; logs each class it does not admit. */
    private static final class LoggingFilter extends ClassFilter {

        @Override
        public boolean isListed(String className) {
            boolean listed = super.isListed(className);
            if (!listed) {
                refusals.incrementAndGet();
                long now = System.nanoTime();
                long last = lastLog.get();
                if (now - last >= 1_000_000_000L && lastLog.compareAndSet(last, now)) {
                    LOG.warn("Refused Java deserialization of {} from the wire: Leasehold members admit no"
                            + " Java-serialized classes outside Hazelcast's, Leasehold's and the JDK's exceptions"
                            + " ({} refusals so far)", className, refusals.get());
                }
            }
            return listed;
        }
    }
}
