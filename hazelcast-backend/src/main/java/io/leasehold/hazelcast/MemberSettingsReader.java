package io.leasehold.hazelcast;

import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/** Part of the settings types: reads {@link MemberSettings} from a Hazelcast configuration's properties ({@link MemberSettings#PROPERTY_NAMES}). */
final class MemberSettingsReader {

    private MemberSettingsReader() {
    }

    static MemberSettings read(Properties properties) {
        Objects.requireNonNull(properties, "properties");
        MemberSettings.Builder b = MemberSettings.builder();
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
                    default -> throw new IllegalArgumentException("unknown setting (known: "
                            + MemberSettings.PROPERTY_NAMES + ")");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Leasehold member property " + name + "='" + raw + "': "
                        + (e instanceof NumberFormatException ? "not a number" : e.getMessage()), e);
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Leasehold member properties: " + e.getMessage(), e);
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
