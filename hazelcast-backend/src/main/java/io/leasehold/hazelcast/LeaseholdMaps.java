package io.leasehold.hazelcast;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import io.leasehold.hazelcast.internal.core.Maps;
import io.leasehold.hazelcast.internal.protocol.HoldMergePolicy;
import io.leasehold.hazelcast.internal.protocol.LeaseMergePolicy;
import io.leasehold.hazelcast.internal.protocol.LockMergePolicy;
import io.leasehold.hazelcast.internal.protocol.QuorumHoldMergePolicy;
import io.leasehold.hazelcast.internal.protocol.QuorumLockMergePolicy;

/** Leasehold's maps as a member configures them: backups, in-memory format, split-brain protection, merge policies. */
final class LeaseholdMaps {

    private static final int HOLDER_NAME_IDLE_SECONDS = 24 * 3600;
    private static final int HANDOFF_NOTICE_TTL_SECONDS = 60;
    private static final int MERGE_BATCH = 100;

    private LeaseholdMaps() {
    }

    /**
     * Leasehold's maps, their split-brain protection and merge policies (what {@link #apply} and
     * {@link LeaseholdMemberHook} both need).
     */
    static void apply(Config config, MemberSettings settings) {
        String protection = null;
        int quorum = settings.effectiveSplitBrainQuorum();
        if (quorum > 0) {
            protection = LeaseholdConfig.SPLIT_BRAIN_PROTECTION;
            if (config.getSplitBrainProtectionConfigs().get(protection) == null) {
                config.addSplitBrainProtectionConfig(new SplitBrainProtectionConfig(protection, true, quorum));
            }
        }
        config.addMapConfig(leaseholdMap(Maps.LEASES, settings, protection)
                .setMergePolicyConfig(new MergePolicyConfig(LeaseMergePolicy.class.getName(), MERGE_BATCH)));
        config.addMapConfig(leaseholdMap(Maps.LOCKS, settings, protection)
                .setMergePolicyConfig(new MergePolicyConfig(lockMergePolicy(settings, quorum), MERGE_BATCH)));
        config.addMapConfig(leaseholdMap(Maps.HOLDS, settings, protection)
                .setMergePolicyConfig(new MergePolicyConfig(holdMergePolicy(settings, quorum), MERGE_BATCH)));
        config.addMapConfig(leaseholdMap(Maps.ELECTIONS, settings, protection));
        // Handoff notices are hints (a waiter also checks by itself): one map per instance, one entry per
        // lock it waited on, dropped when idle.
        config.addMapConfig(new MapConfig(Maps.HANDOFFS + ".*")
                .setBackupCount(0)
                .setAsyncBackupCount(0)
                .setTimeToLiveSeconds(HANDOFF_NOTICE_TTL_SECONDS)
                .setSplitBrainProtectionName(protection));
        // Holder names shown by the admin: an instance that died without closing leaves its name,
        // which goes once nobody has read it for a day.
        config.addMapConfig(new MapConfig(Maps.HOLDERS)
                .setBackupCount(1)
                .setMaxIdleSeconds(HOLDER_NAME_IDLE_SECONDS));
    }

    /**
     * With a majority's protection the joining side of a heal could confirm nothing during the split,
     * so the side that kept its quorum keeps its lock records ({@link QuorumLockMergePolicy}); without
     * it, or with a quorum that is not a majority of the expected members, both sides may have granted,
     * and a held record wins over a free one ({@link LockMergePolicy}).
     */
    private static String lockMergePolicy(MemberSettings settings, int quorum) {
        return (majority(settings, quorum) ? QuorumLockMergePolicy.class : LockMergePolicy.class).getName();
    }

    /** The same choice for the holds map (semaphores, read-write locks). */
    private static String holdMergePolicy(MemberSettings settings, int quorum) {
        return (majority(settings, quorum) ? QuorumHoldMergePolicy.class : HoldMergePolicy.class).getName();
    }

    private static boolean majority(MemberSettings settings, int quorum) {
        return quorum > 0 && settings.expectedMembers() >= 3 && quorum > settings.expectedMembers() / 2;
    }

    /**
     * Write-through (every change is in the store before its caller is told), loaded eagerly when the
     * map is first used, so a member serves nothing of a map until all of it is loaded.
     */
    private static MapStoreConfig persisted(MemberSettings settings) {
        return new MapStoreConfig()
                .setEnabled(true)
                .setFactoryImplementation(settings.persistence())
                .setWriteDelaySeconds(0)
                .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER);
    }

    private static MapConfig leaseholdMap(String name, MemberSettings settings, String protection) {
        MapConfig map = new MapConfig(name);
        if (settings.persistence() != null && !name.equals(Maps.ELECTIONS)) {
            map.setMapStoreConfig(persisted(settings));
        }
        return map
                .setBackupCount(settings.backupCount())
                .setAsyncBackupCount(0)
                .setInMemoryFormat(InMemoryFormat.BINARY)
                .setStatisticsEnabled(true)
                .setSplitBrainProtectionName(protection);
    }
}
