package io.leasehold.shedlock;

import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.testkit.LeaseholdPair;
import net.javacrumbs.shedlock.core.ExtensibleLockProvider;
import net.javacrumbs.shedlock.test.support.AbstractExtensibleLockProviderIntegrationTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * ShedLock's published provider contract ({@code shedlock-test-support}): the plain, the extensible
 * and the fuzz tests, for the provider as users configure it (no prefix, the members' default
 * settings) on one member, with another member, standing in for another process, telling whether
 * the lock is held.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LeaseholdLockProviderContractTest extends AbstractExtensibleLockProviderIntegrationTest {

    private static LeaseholdPair members;
    private static LeaseholdLockProvider provider;

    @BeforeAll
    static void start() {
        members = new LeaseholdPair(MemberSettings.builder().build()); // the defaults: a 1 ms minimum TTL
        provider = new LeaseholdLockProvider(members.a);
    }

    @AfterAll
    static void stop() {
        try {
            if (provider != null) {
                provider.close();
            }
        } finally {
            if (members != null) {
                members.close();
            }
        }
    }

    @Override
    protected ExtensibleLockProvider getLockProvider() {
        return provider;
    }

    @Override
    protected void assertUnlocked(String lockName) {
        assertNull(members.b.lock(lockName).holder().orElse(null),
                "lock '" + lockName + "' is held, as another member sees it");
    }

    @Override
    protected void assertLocked(String lockName) {
        assertNotNull(members.b.lock(lockName).holder().orElse(null),
                "lock '" + lockName + "' is free, as another member sees it");
    }
}
