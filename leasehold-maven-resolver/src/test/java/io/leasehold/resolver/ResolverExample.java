package io.leasehold.resolver;

import io.leasehold.Leasehold;
import io.leasehold.resolver.LeaseholdNamedLockFactory;
import org.eclipse.aether.named.NamedLock;
import org.eclipse.aether.named.NamedLockFactory;
import org.eclipse.aether.named.NamedLockKey;

import java.util.List;
import java.util.concurrent.TimeUnit;

/** The README's Maven Resolver snippet, compiled (and run by {@code ResolverExampleTest}). */
public class ResolverExample {

    // --- README
    /** Installs two artifacts into a shared repository unless another build holds either of them. */
    public static boolean install(Leasehold leasehold, Runnable write) throws InterruptedException {
        NamedLockFactory factory = new LeaseholdNamedLockFactory(leasehold); // Maven creates its own by name
        try (NamedLock lock = factory.getLock(List.of(
                NamedLockKey.of("artifact:org.example:app:1.0"), NamedLockKey.of("artifact:org.example:lib:1.0")))) {
            if (!lock.lockExclusively(30, TimeUnit.SECONDS)) {  // both or neither, in an order that cannot deadlock
                return false;
            }
            try {
                write.run();
            } finally {
                lock.unlock();
            }
            return true;
        } finally {
            factory.shutdown();                                 // leaves the caller's Leasehold open
        }
    }
    // --- end
}
