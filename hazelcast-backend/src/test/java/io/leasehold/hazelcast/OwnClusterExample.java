package io.leasehold.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.MemberSettings;

public class OwnClusterExample {

    /** A member of your cluster, configured as usual, with Leasehold applied. */
    public static HazelcastInstance startMember() {
        Config config = Config.load();                   // hazelcast.xml / hazelcast.yaml as usual
        LeaseholdConfig.apply(config, MemberSettings.builder().expectedMembers(3).build());
        return Hazelcast.newHazelcastInstance(config);
    }

    /** A client of that cluster, configured as usual, with Leasehold applied. */
    public static HazelcastInstance startClient() {
        ClientConfig config = ClientConfig.load();       // hazelcast-client.xml / hazelcast-client.yaml
        LeaseholdConfig.apply(config);
        return HazelcastClient.newHazelcastClient(config);
    }
}
