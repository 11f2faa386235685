package io.leasehold.resolver.client;

import com.hazelcast.client.config.ClientConfig;
import io.leasehold.hazelcast.LeaseholdSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.*;

/** A build's settings from system properties: defaults, each setting, and bad values refused by name. */
class ClientSettingsTest {

    private static Properties with(String... keysAndValues) {
        Properties p = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return p;
    }

    @Test
    void defaultsKeepTheSessionTtlTheLookedUpConfigAndAllowLongKeys() {
        ClientSettings settings = ClientSettings.from(with());
        LeaseholdSettings leasehold = settings.leasehold();
        assertEquals(LeaseholdSettings.defaults().sessionTtl(), leasehold.sessionTtl());
        assertEquals(ClientSettings.MAX_NAME_LENGTH, leasehold.maxNameLength());
        assertTrue(leasehold.holderName().startsWith("maven build"), leasehold.holderName());

        ClientConfig looked = new ClientConfig().setClusterName("from-the-file");
        looked.getNetworkConfig().addAddress("10.0.0.9:5701");
        settings.applyTo(looked);
        assertEquals("from-the-file", looked.getClusterName());
        assertEquals(List.of("10.0.0.9:5701"), looked.getNetworkConfig().getAddresses());
        assertEquals(ClientSettings.CONNECT_TIMEOUT_MILLIS,
                looked.getConnectionStrategyConfig().getConnectionRetryConfig().getClusterConnectTimeoutMillis(),
                "a build that cannot reach the cluster fails instead of waiting forever");
    }

    @Test
    void membersAndClusterNameOverrideTheLookedUpConfig() {
        ClientConfig config = new ClientConfig();
        config.getNetworkConfig().addAddress("10.0.0.9:5701");
        config.getConnectionStrategyConfig().getConnectionRetryConfig().setClusterConnectTimeoutMillis(5_000);
        ClientSettings.from(with(ClientSettings.MEMBERS, " 127.0.0.1:5701, 127.0.0.1:5702 ",
                ClientSettings.CLUSTER_NAME, " build-locks ", ClientSettings.SESSION_TTL, " PT5S ")).applyTo(config);
        assertEquals("build-locks", config.getClusterName());
        assertEquals(List.of("127.0.0.1:5701", "127.0.0.1:5702"), config.getNetworkConfig().getAddresses());
        assertEquals(5_000, config.getConnectionStrategyConfig().getConnectionRetryConfig().getClusterConnectTimeoutMillis(),
                "a connect timeout the configuration set stays");
        assertEquals(Duration.ofSeconds(5), ClientSettings.from(with(ClientSettings.SESSION_TTL, "PT5S")).leasehold().sessionTtl());
    }

    @Test
    void aBadValueIsRefusedByName() {
        String[][] bad = {
                {ClientSettings.SESSION_TTL, "ten seconds"}, {ClientSettings.SESSION_TTL, "5000"},
                {ClientSettings.SESSION_TTL, "PT0S"}, {ClientSettings.SESSION_TTL, "-PT1S"},
                {ClientSettings.MEMBERS, "127.0.0.1:5701,,127.0.0.1:5702"}, {ClientSettings.MEMBERS, " "},
                {ClientSettings.MEMBERS, "127.0.0.1:5701 127.0.0.1:5702"}, {ClientSettings.CLUSTER_NAME, "  "}};
        for (String[] setting : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ClientSettings.from(with(setting)), setting[0] + "=" + setting[1]);
            assertTrue(e.getMessage().contains(setting[0]) && e.getMessage().contains(setting[1]), e.getMessage());
        }
    }
}
