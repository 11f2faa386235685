package io.leasehold.demo;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.BuildInfoProvider;

import java.util.List;
import java.util.Set;

/**
 * The cluster as one of the demo's instances sees it: how many members, and which Hazelcast
 * versions (the library in this JVM, the cluster's version, each member's). Null fields when it
 * could not be read (the instance was gone).
 */
record ClusterInfo(Integer members, List<String> memberAddresses, String hazelcastVersion, String clusterVersion,
                   List<String> memberVersions) {

    static ClusterInfo observe(Topology topology) {
        String library = BuildInfoProvider.getBuildInfo().getVersion();
        try {
            HazelcastInstance instance = topology.endpoint(0);
            Set<Member> members = instance.getCluster().getMembers();
            List<String> addresses = members.stream()
                    .map(m -> m.getAddress().getHost() + ":" + m.getAddress().getPort()).toList();
            List<String> versions = members.stream().map(m -> String.valueOf(m.getVersion())).distinct().toList();
            String clusterVersion;
            try {
                clusterVersion = String.valueOf(instance.getCluster().getClusterVersion());
            } catch (UnsupportedOperationException e) {
                // A client is not told the cluster version: it is the major.minor of the oldest member.
                clusterVersion = members.stream().map(Member::getVersion)
                        .min(java.util.Comparator.naturalOrder())
                        .map(v -> v.getMajor() + "." + v.getMinor()).orElse(null);
            }
            return new ClusterInfo(members.size(), addresses, library, clusterVersion, versions);
        } catch (RuntimeException e) {
            return new ClusterInfo(null, List.of(), library, null, List.of());
        }
    }
}
