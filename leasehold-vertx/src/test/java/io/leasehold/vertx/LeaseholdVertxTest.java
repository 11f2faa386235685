package io.leasehold.vertx;

import com.hazelcast.config.Config;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.LeaseholdSerializationFactory;
import io.leasehold.hazelcast.MemberSettings;
import io.vertx.core.shareddata.Lock;
import io.vertx.spi.cluster.hazelcast.spi.HazelcastObjectProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.*;

/** What the jar tells the cluster manager and the Config, without a cluster. */
class LeaseholdVertxTest {

    @Test
    void theClusterManagersServiceLoaderFindsTheProvider() {
        assertTrue(ServiceLoader.load(HazelcastObjectProvider.class).stream()
                .anyMatch(p -> p.type() == LeaseholdObjectProvider.class));
    }

    @Test
    void applyAddsLeaseholdAndTheCountersOnceAndKeepsAnEarlierLeasehold() {
        Config config = LeaseholdVertx.apply(new Config());
        assertTrue(LeaseholdVertx.hasFactory(config.getSerializationConfig(), LeaseholdSerializationFactory.FACTORY_ID));
        assertTrue(LeaseholdVertx.hasFactory(config.getSerializationConfig(), CounterSerializationFactory.FACTORY_ID));
        int listeners = config.getListenerConfigs().size();
        LeaseholdVertx.apply(config);
        assertEquals(listeners, config.getListenerConfigs().size(), "applied twice, Leasehold's member hook is added once");
        assertEquals(config.getMapConfig(LeaseholdConfig.LEASES_MAP).getBackupCount(),
                config.getMapConfig(LeaseholdVertx.COUNTERS_MAP).getBackupCount());
    }

    @Test
    void settingsOnAConfigThatHasLeaseholdAreRefusedAndChangeNothing() {
        Config config = LeaseholdConfig.apply(new Config());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeaseholdVertx.apply(config, MemberSettings.defaults()));
        assertTrue(e.getMessage().contains("already applied"), e.getMessage());
        assertFalse(LeaseholdVertx.hasFactory(config.getSerializationConfig(), CounterSerializationFactory.FACTORY_ID));
    }

    @Test
    void aBadSessionTtlIsRefusedAndChangesNothing() {
        Config config = new Config();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeaseholdVertx.sessionTtl(config, Duration.ZERO));
        assertTrue(e.getMessage().contains("sessionTtl"), e.getMessage());
        assertNull(config.getProperty(LeaseholdVertx.SESSION_TTL_PROPERTY));
        LeaseholdVertx.sessionTtl(config, Duration.ofSeconds(7));
        assertEquals("7000", config.getProperty(LeaseholdVertx.SESSION_TTL_PROPERTY));
    }

    @Test
    void aMemberWithoutLeaseholdIsRefusedWithTheFix() {
        Config config = new Config().setClusterName("orders");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LeaseholdObjectProvider.requireApplied(config));
        assertTrue(e.getMessage().contains("'orders'") && e.getMessage().contains("LeaseholdVertx.apply(config)"),
                e.getMessage());
        LeaseholdVertx.apply(config);
        LeaseholdObjectProvider.requireApplied(config);
    }

    @Test
    void aLockFromElsewhereHasNoFence() {
        Lock local = () -> { };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LeaseholdVertx.fence(local));
        assertTrue(e.getMessage().contains("was not obtained through Leasehold's provider"), e.getMessage());
    }
}
