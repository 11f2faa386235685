package io.leasehold.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.internal.dynamicconfig.DynamicConfigurationAwareConfig;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.member.MemberHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;
import java.util.Set;

/**
 * Leasehold on a member configured from a file: name it as a listener in hazelcast.xml /
 * hazelcast.yaml and Hazelcast makes it by its no-argument constructor. It reads Leasehold's member
 * settings from the configuration's properties ({@link MemberSettings#PROPERTY_NAMES}, e.g.
 * {@code leasehold.expected-members: 3}), configures Leasehold's maps (backups, split-brain
 * protection, merge policies) and starts the member service.
 *
 * <pre>
 * hazelcast:
 *   properties:
 *     leasehold.expected-members: 3
 *     leasehold.persistence-url: jdbc:h2:file:/var/lib/leasehold/store   # optional, needs leasehold-persistence
 *     hazelcast.initial.min.cluster.size: 3
 *     hazelcast.operation.fail.on.indeterminate.state: true
 *   split-brain-protection:
 *     leasehold-split-brain-protection: { enabled: true, minimum-cluster-size: 2 }
 *   serialization:
 *     data-serializable-factories:
 *       - factory-id: 7301
 *         class-name: io.leasehold.hazelcast.LeaseholdSerializationFactory
 *   listeners:
 *     - io.leasehold.hazelcast.LeaseholdMemberHook
 * </pre>
 *
 * <p>What a listener cannot do, because Hazelcast has read it before it makes its listeners, the
 * file must say itself: the serialization factory (without it the member refuses to start, saying
 * so), the split-brain protection named {@value LeaseholdConfig#SPLIT_BRAIN_PROTECTION} when the
 * settings ask for one (likewise), {@code hazelcast.initial.min.cluster.size},
 * {@code hazelcast.operation.fail.on.indeterminate.state}, the heartbeat settings and the
 * Java-serialization filter (warned about when missing). A configuration built in code
 * ({@code Config.load()} + {@link LeaseholdConfig#apply(Config, MemberSettings)}) gets all of them.
 */
public final class LeaseholdMemberHook implements HazelcastInstanceAware, MigrationListener {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseholdMemberHook.class);

    private volatile MemberHook delegate;

    /** Made by Hazelcast from the configuration file. */
    public LeaseholdMemberHook() {
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        MemberHook hook = delegate;
        if (hook != null) {
            // Hazelcast hands a listener its instance twice: configured already, pass it on.
            hook.setHazelcastInstance(hz);
            return;
        }
        Config config = staticConfig(hz.getConfig());
        if (appliedInCode(config)) {
            LOG.info("LeaseholdMemberHook: Leasehold was already applied to this member's configuration in code;"
                    + " the hook in the configuration file does nothing more");
            return;
        }
        requireSerialization(hz);
        MemberSettings settings = MemberSettings.fromProperties(properties(config));
        if (settings.persistence() instanceof AutoCloseable store) {
            closeOnShutdown(hz, store);
        }
        int quorum = settings.effectiveSplitBrainQuorum();
        if (quorum > 0 && config.getSplitBrainProtectionConfigs().get(LeaseholdConfig.SPLIT_BRAIN_PROTECTION) == null) {
            throw new IllegalStateException("Leasehold member settings ask for split-brain protection (quorum " + quorum
                    + ") but the configuration file declares none named '" + LeaseholdConfig.SPLIT_BRAIN_PROTECTION
                    + "'. Add to hazelcast.yaml: split-brain-protection: { " + LeaseholdConfig.SPLIT_BRAIN_PROTECTION
                    + ": { enabled: true, minimum-cluster-size: " + quorum + " } }, or set"
                    + " leasehold.split-brain-protection: false");
        }
        LeaseholdMaps.apply(config, settings);
        warnAboutWhatTheFileMustSay(config, settings);
        hook = new MemberHook(settings);
        delegate = hook;
        hook.setHazelcastInstance(hz);
    }

    /** A store opened from this member's {@code leasehold.persistence-url} is this member's: it goes with it. */
    private static void closeOnShutdown(HazelcastInstance hz, AutoCloseable store) {
        hz.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.SHUTDOWN) {
                try {
                    store.close();
                } catch (Exception e) {
                    LOG.warn("Leasehold: the store of leasehold.persistence-url did not close cleanly", e);
                }
            }
        });
    }

    private static Config staticConfig(Config config) {
        return config instanceof DynamicConfigurationAwareConfig dynamic ? dynamic.getStaticConfig() : config;
    }

    private static boolean appliedInCode(Config config) {
        for (ListenerConfig listener : config.getListenerConfigs()) {
            if (listener.getImplementation() instanceof MemberHook) {
                return true;
            }
        }
        return false;
    }

    private static Properties properties(Config config) {
        Properties all = new Properties();
        for (String name : config.getProperties().stringPropertyNames()) {
            all.setProperty(name, config.getProperties().getProperty(name));
        }
        return all;
    }

    private static void requireSerialization(HazelcastInstance hz) {
        if (!(hz instanceof SerializationServiceSupport support)) {
            return;
        }
        SerializationService ss = support.getSerializationService();
        try {
            ss.toObject(ss.toData(new LeaseRecord(1, 1, 0, Set.of())));
        } catch (RuntimeException e) {
            throw new IllegalStateException("This member has no Leasehold serialization factory (id "
                    + LeaseholdSerializationFactory.FACTORY_ID + "), so it cannot read Leasehold's records. Add to"
                    + " hazelcast.yaml: serialization: { data-serializable-factories: [ { factory-id: "
                    + LeaseholdSerializationFactory.FACTORY_ID + ", class-name: "
                    + LeaseholdSerializationFactory.class.getName() + " } ] } (hazelcast.xml:"
                    + " <serialization><data-serializable-factories><data-serializable-factory factory-id=\""
                    + LeaseholdSerializationFactory.FACTORY_ID + "\">" + LeaseholdSerializationFactory.class.getName()
                    + "</data-serializable-factory></data-serializable-factories></serialization>)", e);
        }
    }

    private static void warnAboutWhatTheFileMustSay(Config config, MemberSettings settings) {
        if (!"true".equalsIgnoreCase(value(config, LeaseholdConfig.FAIL_ON_INDETERMINATE_STATE))) {
            LOG.warn("Leasehold: {} is not true: a grant whose backup did not acknowledge is reported as done,"
                    + " and a crash of its primary can then issue its fence again. Set it to true.",
                    LeaseholdConfig.FAIL_ON_INDETERMINATE_STATE);
        }
        if (settings.expectedMembers() > 0 && value(config, LeaseholdConfig.INITIAL_MIN_CLUSTER_SIZE) == null) {
            LOG.warn("Leasehold: leasehold.expected-members is {} but {} is not set: this member serves before its"
                    + " peers have joined. Set {}: {}", settings.expectedMembers(), LeaseholdConfig.INITIAL_MIN_CLUSTER_SIZE,
                    LeaseholdConfig.INITIAL_MIN_CLUSTER_SIZE, settings.expectedMembers());
        }
        if (value(config, "hazelcast.max.no.heartbeat.seconds") == null) {
            LOG.warn("Leasehold: hazelcast.max.no.heartbeat.seconds is not set: a member that dies silently is noticed"
                    + " after Hazelcast's default 60 s, longer than a 10 s session TTL. Set it (e.g. 5, with"
                    + " hazelcast.heartbeat.interval.seconds: 1) below the session TTL minus the promotion grace.");
        }
        if (config.getSerializationConfig().getJavaSerializationFilterConfig() == null) {
            LOG.info("Leasehold: no java-serialization-filter is configured: this member deserializes any Java class"
                    + " sent to it. Leasehold sends none; on a member that holds nothing else, start it with"
                    + " leasehold-server or LeaseholdConfig.applyWireFilter(config), which refuse every class but"
                    + " Hazelcast's, Leasehold's and exceptions (see the README, \"What open-source Hazelcast cannot"
                    + " protect\").");
        }
    }

    private static String value(Config config, String name) {
        String v = config.getProperty(name);
        return v != null ? v : System.getProperty(name);
    }

    @Override
    public void migrationStarted(MigrationState state) {
    }

    @Override
    public void migrationFinished(MigrationState state) {
        MemberHook hook = delegate;
        if (hook != null) {
            hook.migrationFinished(state);
        }
    }

    @Override
    public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
    }

    @Override
    public void replicaMigrationFailed(ReplicaMigrationEvent event) {
    }
}
