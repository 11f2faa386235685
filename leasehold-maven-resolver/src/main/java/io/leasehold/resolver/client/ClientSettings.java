package io.leasehold.resolver.client;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ConnectionRetryConfig;
import io.leasehold.hazelcast.LeaseholdSettings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A build's settings for its connection, read from system properties named as Resolver's keys are
 * ({@code aether.syncContext.named.leasehold.*}), so a build connects with settings only:
 * <ul>
 *   <li>{@value #MEMBERS}: the members to connect to, {@code host:port} separated by commas;</li>
 *   <li>{@value #CLUSTER_NAME}: the cluster's name;</li>
 *   <li>{@value #SESSION_TTL}: the session lease's TTL as an ISO-8601 duration (default {@code PT10S}):
 *       how long the cluster keeps a dead build's locks.</li>
 * </ul>
 * Members and cluster name override what Hazelcast's client configuration lookup found (a
 * {@code hazelcast-client.yaml} named by {@code -Dhazelcast.client.config}, for everything else a client
 * can set). Every value is checked when the settings are read, so a bad one fails the build before
 * anything connects, with a message that names the setting.
 */
public final class ClientSettings {

    /** What every setting's name starts with. */
    public static final String PREFIX = "aether.syncContext.named.leasehold.";
    /** The members, for example {@code -Daether.syncContext.named.leasehold.members=10.0.0.1:5701,10.0.0.2:5701}. */
    public static final String MEMBERS = PREFIX + "members";
    /** The cluster name, for example {@code -Daether.syncContext.named.leasehold.clusterName=build-locks}. */
    public static final String CLUSTER_NAME = PREFIX + "clusterName";
    /** The session TTL, for example {@code -Daether.syncContext.named.leasehold.sessionTtl=PT5S}. */
    public static final String SESSION_TTL = PREFIX + "sessionTtl";

    /** How long a build tries to reach the cluster, unless its client configuration says otherwise. */
    static final long CONNECT_TIMEOUT_MILLIS = 30_000;

    /** Resolver's keys may name paths: longer than Leasehold's default limit of 256. */
    static final int MAX_NAME_LENGTH = 1024;

    private final LeaseholdSettings leasehold;
    private final List<String> members;
    private final String clusterName;

    private ClientSettings(LeaseholdSettings leasehold, List<String> members, String clusterName) {
        this.leasehold = leasehold;
        this.members = members;
        this.clusterName = clusterName;
    }

    /** Reads and checks the settings in {@code properties}. */
    public static ClientSettings from(Properties properties) {
        LeaseholdSettings.Builder builder = LeaseholdSettings.builder()
                .holderName("maven build")
                .maxNameLength(MAX_NAME_LENGTH);
        String ttl = properties.getProperty(SESSION_TTL);
        if (ttl != null) {
            try {
                builder.sessionTtl(Duration.parse(ttl.strip()));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new IllegalArgumentException(SESSION_TTL + " must be a positive ISO-8601 duration such as PT10S, got '"
                        + ttl + "'", e);
            }
        }
        return new ClientSettings(builder.build(), members(properties.getProperty(MEMBERS)),
                clusterName(properties.getProperty(CLUSTER_NAME)));
    }

    private static List<String> members(String value) {
        if (value == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String member : value.split(",", -1)) {
            String m = member.strip();
            if (m.isEmpty() || m.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException(MEMBERS + " must list host:port addresses separated by commas, got '"
                        + value + "'");
            }
            out.add(m);
        }
        return List.copyOf(out);
    }

    private static String clusterName(String value) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(CLUSTER_NAME + " must not be blank, got '" + value + "'");
        }
        return value == null ? null : value.strip();
    }

    /** The Leasehold instance's settings: the session TTL, a holder name, room for Resolver's long keys. */
    public LeaseholdSettings leasehold() {
        return leasehold;
    }

    /**
     * Sets the members and cluster name given, if any, on {@code config}, and a limit of
     * {@value #CONNECT_TIMEOUT_MILLIS} ms on connecting to the cluster unless the configuration set one
     * (Hazelcast's default waits forever, which would hang a build pointed at the wrong address).
     * Returns the same config.
     */
    public ClientConfig applyTo(ClientConfig config) {
        if (clusterName != null) {
            config.setClusterName(clusterName);
        }
        if (!members.isEmpty()) {
            config.getNetworkConfig().setAddresses(new ArrayList<>(members));
        }
        ConnectionRetryConfig retry = config.getConnectionStrategyConfig().getConnectionRetryConfig();
        if (retry.getClusterConnectTimeoutMillis() < 0) {
            retry.setClusterConnectTimeoutMillis(CONNECT_TIMEOUT_MILLIS);
        }
        return config;
    }
}
