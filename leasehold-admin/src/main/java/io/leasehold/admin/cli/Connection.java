package io.leasehold.admin.cli;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.LeaseholdUnavailableException;
import io.leasehold.hazelcast.LeaseholdConfig;
import picocli.CommandLine.Option;
import java.util.ArrayList;
import java.util.List;

/** How to reach the cluster, and how to print. */
final class Connection {
    @Option(names = "--cluster-name", defaultValue = "leasehold", description = "Cluster name (default: ${DEFAULT-VALUE}).")
    String clusterName;

    @Option(names = {"-a", "--address"}, split = ",", paramLabel = "HOST:PORT",
            description = "Members to connect to, comma separated (default: 127.0.0.1, ports 5701-5720).")
    List<String> addresses = new ArrayList<>();

    @Option(names = "--connect-timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "Give up connecting after this many seconds (default: ${DEFAULT-VALUE}).")
    int connectTimeoutSeconds;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    HazelcastInstance connect() {
        List<String> targets = targets();
        String where = addresses.isEmpty() ? "127.0.0.1:5701-5720" : String.join(",", addresses);
        precheck(targets, where);
        ClientConfig config = LeaseholdConfig.localClientConfig(clusterName, addresses.toArray(String[]::new));
        config.setInstanceName("leasehold-admin-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(connectTimeoutSeconds * 1000L);
        try {
            return HazelcastClient.newHazelcastClient(config);
        } catch (RuntimeException e) {
            throw new LeaseholdUnavailableException("could not connect to cluster '" + clusterName + "' at "
                    + where + " within " + connectTimeoutSeconds + " s: " + e.getMessage()
                    + " (is the cluster name right? give it with --cluster-name NAME)", e);
        }
    }

    /** Each HOST:PORT to try: the addresses given (5701 when a port is left out), else 127.0.0.1:5701-5720. */
    private List<String> targets() {
        List<String> out = new ArrayList<>();
        if (addresses.isEmpty()) {
            for (int port = 5701; port <= 5720; port++) {
                out.add("127.0.0.1:" + port);
            }
            return out;
        }
        for (String a : addresses) {
            String address = a.trim();
            int colon = address.lastIndexOf(':');
            if (colon > 0) {
                try {
                    int port = Integer.parseInt(address.substring(colon + 1));
                    if (port < 1 || port > 65_535) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--address " + a + ": the port must be a number in 1-65535");
                }
                out.add(address);
            } else {
                out.add(address + ":5701");
            }
        }
        return out;
    }

    /**
     * Asks every address once (a few milliseconds each) before a client spends its whole connect
     * timeout: fails at once when nothing listens, or when every member that answers refuses the
     * cluster name, saying which names they answer to where that is one of the usual ones.
     */
    private void precheck(List<String> targets, String where) {
        int probeMillis = (int) Math.min(1_000, connectTimeoutSeconds * 1000L);
        List<String> refusing = new ArrayList<>();
        for (String t : targets) {
            int colon = t.lastIndexOf(':');
            ClusterProbe.Answer a = ClusterProbe.ask(t.substring(0, colon), Integer.parseInt(t.substring(colon + 1)),
                    clusterName, probeMillis);
            if (a == ClusterProbe.Answer.ACCEPTED || a == ClusterProbe.Answer.UNKNOWN) {
                return; // the client will connect (or say why not)
            }
            if (a == ClusterProbe.Answer.REFUSED) {
                refusing.add(t);
            }
        }
        if (refusing.isEmpty()) {
            throw new LeaseholdUnavailableException("could not connect to cluster '" + clusterName + "': no member"
                    + " listens at " + where + " (start one, or give the members' addresses with -a HOST:PORT,...)", null);
        }
        StringBuilder names = new StringBuilder();
        for (String candidate : List.of("leasehold", "dev")) {
            if (candidate.equals(clusterName)) {
                continue;
            }
            List<String> answering = new ArrayList<>();
            for (String t : refusing) {
                int colon = t.lastIndexOf(':');
                if (ClusterProbe.ask(t.substring(0, colon), Integer.parseInt(t.substring(colon + 1)), candidate,
                        probeMillis) == ClusterProbe.Answer.ACCEPTED) {
                    answering.add(t);
                }
            }
            if (!answering.isEmpty()) {
                names.append(names.length() == 0 ? "" : "; ").append("cluster '").append(candidate).append("' answers at ")
                        .append(String.join(",", answering));
            }
        }
        throw new LeaseholdUnavailableException("could not connect to cluster '" + clusterName + "': the members at "
                + String.join(",", refusing) + " refused that cluster name"
                + (names.length() == 0 ? "" : " (" + names + ")")
                + "; give the members' cluster name with --cluster-name NAME", null);
    }
}
