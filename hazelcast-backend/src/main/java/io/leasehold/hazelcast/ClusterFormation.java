package io.leasehold.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;

import java.time.Duration;
import java.util.Set;

/** What to tell an operator when a member sees a cluster of the wrong size: what it sees and the likely cause. */
final class ClusterFormation {

    private ClusterFormation() {
    }

    static String problem(HazelcastInstance instance, int expected, Duration timeout) {
        Set<Member> members = instance.getCluster().getMembers();
        String seen = members.stream().map(ClusterFormation::address).toList().toString();
        String who;
        String clusterName;
        String ports;
        try {
            who = "Leasehold member " + address(instance.getCluster().getLocalMember());
            clusterName = instance.getConfig().getClusterName();
            NetworkConfig network = instance.getConfig().getNetworkConfig();
            int first = network.getPort();
            ports = first + "-" + (first + Math.max(network.getPortCount(), 1) - 1);
        } catch (UnsupportedOperationException client) {
            who = "Leasehold client " + instance.getName();
            clusterName = instance.getName();
            ports = LeaseholdConfig.BASE_PORT + "-" + (LeaseholdConfig.BASE_PORT + LeaseholdConfig.PORT_COUNT - 1);
        }
        if (members.size() > expected) {
            return who + " of cluster '" + clusterName + "' sees " + members.size()
                    + " members " + seen + ", expected " + expected + ": members of another deployment joined"
                    + " with the same cluster name; give each cluster a name of its own (and keep it private)";
        }
        return who + " of cluster '" + clusterName + "' sees " + members.size()
                + (members.size() == 1 ? " member " : " members ") + seen + " after " + timeout.toSeconds()
                + " s, expected " + expected + ". Refusing to run on a partial cluster (each part would grant"
                + " the same locks). Likely causes: another process holds some of the ports " + ports
                + " (members then bind higher ports: check with `ss -ltnp`, stop it or choose another port range);"
                + " the members were started with different cluster names (this one: '" + clusterName + "');"
                + " a TCP-IP member list that does not name every member's address and port;"
                + " or a firewall blocking ports " + ports + " between the members.";
    }

    private static String address(Member m) {
        return m.getAddress().getHost() + ":" + m.getAddress().getPort();
    }
}
