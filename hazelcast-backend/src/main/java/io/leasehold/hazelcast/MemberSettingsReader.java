package io.leasehold.hazelcast;

import com.hazelcast.map.MapStoreFactory;

import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Properties;
import java.util.ServiceLoader;

/** Part of the settings types: reads {@link MemberSettings} from a Hazelcast configuration's properties ({@link MemberSettings#PROPERTY_NAMES}). */
final class MemberSettingsReader {

    static final String URL = "leasehold.persistence-url";
    static final String USER = "leasehold.persistence-user";
    static final String PASSWORD = "leasehold.persistence-password";

    private MemberSettingsReader() {
    }

    static MemberSettings read(Properties properties) {
        Objects.requireNonNull(properties, "properties");
        MemberSettings.Builder b = MemberSettings.builder();
        String[] store = new String[3];
        for (String name : properties.stringPropertyNames()) {
            if (!name.startsWith(MemberSettings.PROPERTY_PREFIX)) {
                continue;
            }
            String raw = properties.getProperty(name).trim();
            try {
                switch (name) {
                    case "leasehold.min-ttl-ms" -> b.minTtl(Duration.ofMillis(Long.parseLong(raw)));
                    case "leasehold.max-ttl-ms" -> b.maxTtl(Duration.ofMillis(Long.parseLong(raw)));
                    case "leasehold.backup-count" -> b.backupCount(Integer.parseInt(raw));
                    case "leasehold.revoke-rate" -> b.revokeRatePerSecond(Integer.parseInt(raw));
                    case "leasehold.revoke-batch-size" -> b.revokeBatchSize(Integer.parseInt(raw));
                    case "leasehold.promotion-grace-ms" -> b.promotionGrace(Duration.ofMillis(Long.parseLong(raw)));
                    case "leasehold.reconcile-interval-ms" -> b.reconcileInterval(Duration.ofMillis(Long.parseLong(raw)));
                    case "leasehold.split-brain-quorum" -> b.splitBrainQuorum(Integer.parseInt(raw));
                    case "leasehold.split-brain-protection" -> b.splitBrainProtection(parseBoolean(raw));
                    case "leasehold.expected-members" -> b.expectedMembers(Integer.parseInt(raw));
                    case URL -> store[0] = raw;
                    case USER -> store[1] = raw;
                    case PASSWORD -> store[2] = properties.getProperty(name);
                    default -> throw new IllegalArgumentException("unknown setting (known: "
                            + MemberSettings.PROPERTY_NAMES + ")");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Leasehold member property " + name + "='" + raw + "': "
                        + (e instanceof NumberFormatException ? "not a number" : e.getMessage()), e);
            }
        }
        if (store[0] == null && (store[1] != null || store[2] != null)) {
            throw new IllegalArgumentException("Leasehold member properties: " + (store[1] != null ? USER : PASSWORD)
                    + " is set but " + URL + " is not: name the database too");
        }
        try {
            MemberSettings checked = b.build();
            if (store[0] == null) {
                return checked;
            }
            return b.persistence(openStore(store[0], store[1], store[2])).build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Leasehold member properties: " + e.getMessage(), e);
        }
    }

    /**
     * Opens the store with the first {@link PersistenceProvider} on the class path (after the other
     * settings were checked); a database that cannot be reached fails with the provider's own exception.
     */
    private static MapStoreFactory<?, ?> openStore(String url, String user, String password) {
        Iterator<PersistenceProvider> providers = ServiceLoader.load(PersistenceProvider.class,
                MemberSettingsReader.class.getClassLoader()).iterator();
        if (!providers.hasNext()) {
            throw new IllegalArgumentException(URL + "='" + url + "': no store on the class path;"
                    + " add io.leasehold:leasehold-persistence to the member's class path");
        }
        try {
            return providers.next().open(url, user, password);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(URL + "='" + url + "': " + e.getMessage(), e);
        }
    }

    private static boolean parseBoolean(String raw) {
        if (raw.equalsIgnoreCase("true")) {
            return true;
        }
        if (raw.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("must be true or false");
    }
}
