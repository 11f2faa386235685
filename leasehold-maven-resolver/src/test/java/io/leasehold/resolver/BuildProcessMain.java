package io.leasehold.resolver;

import org.eclipse.aether.named.NamedLock;
import org.eclipse.aether.named.NamedLockFactory;
import org.eclipse.aether.named.NamedLockKey;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A build process, as far as locks go: the factory Maven would create by name (a Hazelcast client from
 * settings only, the {@code aether.syncContext.named.leasehold.*} system properties), the given keys taken
 * exclusively or shared, then held until the process is killed, or until a {@value #RELEASE} line on its
 * standard input, when it unlocks, shuts the factory down and exits. If its standard input closes (the
 * test's JVM went away), it exits holding them.
 *
 * <p>Arguments: {@code exclusive|shared key...}. Prints {@value #HELD} once it holds them and
 * {@value #RELEASED} once the cluster confirmed their release.
 */
public final class BuildProcessMain {

    static final String HELD = "build holds its locks";
    static final String RELEASE = "release";
    static final String RELEASED = "build released its locks";

    private BuildProcessMain() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        boolean exclusive = args[0].equals("exclusive");
        List<NamedLockKey> keys = Arrays.stream(args).skip(1).map(NamedLockKey::of).toList();
        NamedLockFactory factory = new LeaseholdNamedLockFactory();
        NamedLock lock = factory.getLock(keys);
        boolean held = exclusive ? lock.lockExclusively(60, TimeUnit.SECONDS) : lock.lockShared(60, TimeUnit.SECONDS);
        if (!held) {
            System.out.println("build could not take " + keys);
            System.exit(2);
        }
        System.out.println(HELD);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals(RELEASE)) {
                lock.unlock();
                lock.close();
                factory.shutdown();
                System.out.println(RELEASED);
                System.out.flush();
                System.exit(0);
            }
        }
        System.exit(3);
    }
}
