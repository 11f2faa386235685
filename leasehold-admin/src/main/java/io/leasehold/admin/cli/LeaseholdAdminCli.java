package io.leasehold.admin.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.core.HazelcastInstance;
import io.leasehold.LeaseException;
import io.leasehold.LeaseholdUnavailableException;
import io.leasehold.LockException;
import io.leasehold.admin.ForcedRelease;
import io.leasehold.admin.LeaseDetail;
import io.leasehold.admin.LeaseView;
import io.leasehold.admin.LeaseholdAdmin;
import io.leasehold.admin.LockView;
import io.leasehold.admin.Page;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The Leasehold admin command line: connects to a cluster as a Hazelcast client and lists, inspects,
 * revokes and force-releases. Tables on stdout by default, {@code --json} for scripts; errors on
 * stderr. Lease ids are printed and accepted in hexadecimal, as everywhere in Leasehold.
 *
 * <pre>
 * java -jar leasehold-admin/target/leasehold-admin.jar leases --cluster-name prod-locks -a 10.0.0.5:5701
 * java -jar leasehold-admin.jar lease 5f3a9c0e1b2d4e6f --cluster-name prod-locks -a 10.0.0.5:5701
 * java -jar leasehold-admin.jar locks --json --cluster-name prod-locks -a 10.0.0.5:5701
 * java -jar leasehold-admin.jar release orders-batch --cluster-name prod-locks -a 10.0.0.5:5701
 * </pre>
 *
 * <p>Exit codes: 0 done, 1 the lease or lock is not there (or not held), 2 bad usage, 3 the cluster
 * could not be reached or did not answer.
 */
@Command(name = "leasehold-admin", mixinStandardHelpOptions = true, version = "leasehold-admin 0.1.0",
        description = "Lists, inspects, revokes and force-releases Leasehold leases and locks.",
        subcommands = {LeaseholdAdminCli.Leases.class, LeaseholdAdminCli.LeaseCommand.class,
                LeaseholdAdminCli.Locks.class, LeaseholdAdminCli.LockCommand.class,
                LeaseholdAdminCli.Revoke.class, LeaseholdAdminCli.Release.class})
public final class LeaseholdAdminCli implements Runnable {

    /** Exit code: the lease or lock named is not there, or not held. */
    public static final int NOT_FOUND = 1;
    /** Exit code: the cluster could not be reached or did not answer. */
    public static final int UNAVAILABLE = 3;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line, with the error handling that maps Leasehold's exceptions to exit codes. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new LeaseholdAdminCli());
        cl.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            commandLine.getErr().flush();
            if (e instanceof LeaseException || e instanceof LockException) {
                return NOT_FOUND;
            }
            if (e instanceof LeaseholdUnavailableException || e instanceof IllegalStateException) {
                return UNAVAILABLE;
            }
            if (e instanceof IllegalArgumentException) {
                return CommandLine.ExitCode.USAGE;
            }
            return UNAVAILABLE;
        });
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: leases, lease, locks, lock, revoke or release");
    }

    /** How to reach the cluster, and how to print. */
    static final class Connection {
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

    /** A command: connect, run, print, disconnect. */
    abstract static class AdminCommand implements Callable<Integer> {
        @Mixin
        Connection connection;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            HazelcastInstance client = connection.connect();
            try {
                PrintWriter out = spec.commandLine().getOut();
                int code = run(HazelcastLeasehold.admin(client), out);
                out.flush();
                return code;
            } finally {
                client.shutdown();
            }
        }

        abstract int run(LeaseholdAdmin admin, PrintWriter out) throws Exception;

        boolean json() {
            return connection.json;
        }
    }

    /** Converts hexadecimal lease ids ({@link LeaseholdAdmin#parseLeaseId}). */
    static final class LeaseIdConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return LeaseholdAdmin.parseLeaseId(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Paging options of the listings. */
    static final class Paging {
        @Option(names = "--page-size", defaultValue = "100", description = "Rows per page (default: ${DEFAULT-VALUE}).")
        int pageSize;

        @Option(names = "--cursor", description = "Start at this cursor (printed after a page that has more).")
        String cursor;

        @Option(names = "--all", description = "Follow the cursors to the end.")
        boolean all;
    }

    @Command(name = "leases", mixinStandardHelpOptions = true, description = "Lists live leases: id, TTL, time left, holder (the granting instance's name and pid@host).")
    static final class Leases extends AdminCommand {
        @Mixin
        Paging paging;

        @Override
        int run(LeaseholdAdmin admin, PrintWriter out) throws Exception {
            List<LeaseView> rows = new ArrayList<>();
            Optional<String> next = listAll(paging, (c, n) -> admin.leases(c, n), rows);
            if (json()) {
                ObjectNode root = JSON.createObjectNode();
                ArrayNode list = root.putArray("leases");
                rows.forEach(v -> list.add(leaseJson(v)));
                root.put("nextCursor", next.orElse(null));
                out.println(JSON.writeValueAsString(root));
            } else {
                Table t = new Table("LEASE", "TTL", "REMAINING", "HOLDER", "KEYS");
                rows.forEach(v -> t.row(hex(v.id()), duration(v.grantedTtl()), duration(v.remainingTtl()),
                        dash(v.holder()), String.valueOf(v.keyCount())));
                t.print(out);
                footer(out, rows.size(), "lease", next, "leases");
            }
            return 0;
        }
    }

    @Command(name = "lease", mixinStandardHelpOptions = true, description = "Shows a lease: TTL, time left, holder, keys and the locks it holds.")
    static final class LeaseCommand extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The lease id, in hexadecimal.", converter = LeaseIdConverter.class)
        long leaseId;

        @Override
        int run(LeaseholdAdmin admin, PrintWriter out) throws Exception {
            LeaseDetail d = admin.lease(leaseId);
            if (json()) {
                ObjectNode root = leaseJson(d.lease());
                ArrayNode keys = root.putArray("keyNames");
                d.keys().stream().sorted().forEach(keys::add);
                ArrayNode locks = root.putArray("locks");
                d.locks().forEach(l -> locks.add(lockJson(l)));
                root.put("locksTruncated", d.locksTruncated());
                out.println(JSON.writeValueAsString(root));
            } else {
                LeaseView v = d.lease();
                out.println("lease      " + hex(v.id()));
                out.println("holder     " + dash(v.holder()));
                out.println("ttl        " + duration(v.grantedTtl()));
                out.println("remaining  " + duration(v.remainingTtl()));
                out.println("keys       " + (d.keys().isEmpty() ? "-" : String.join(", ", d.keys().stream().sorted().toList())));
                out.println("locks      " + d.locks().size() + (d.locksTruncated() ? " (more not shown)" : ""));
                if (!d.locks().isEmpty()) {
                    Table t = new Table("  LOCK", "FENCE", "HELD-FOR", "WAITERS");
                    d.locks().forEach(l -> t.row("  " + l.name(), String.valueOf(l.fence()), duration(l.heldFor()),
                            String.valueOf(l.waiters())));
                    t.print(out);
                }
            }
            return 0;
        }
    }

    @Command(name = "locks", mixinStandardHelpOptions = true, description = "Lists held locks: holder lease and instance, fence, held for, waiters.")
    static final class Locks extends AdminCommand {
        @Mixin
        Paging paging;

        @Override
        int run(LeaseholdAdmin admin, PrintWriter out) throws Exception {
            List<LockView> rows = new ArrayList<>();
            Optional<String> next = listAll(paging, (c, n) -> admin.locks(c, n), rows);
            if (json()) {
                ObjectNode root = JSON.createObjectNode();
                ArrayNode list = root.putArray("locks");
                rows.forEach(v -> list.add(lockJson(v)));
                root.put("nextCursor", next.orElse(null));
                out.println(JSON.writeValueAsString(root));
            } else {
                Table t = lockTable();
                rows.forEach(v -> lockRow(t, v));
                t.print(out);
                footer(out, rows.size(), "lock", next, "locks");
            }
            return 0;
        }
    }

    @Command(name = "lock", mixinStandardHelpOptions = true, description = "Shows who holds a lock.")
    static final class LockCommand extends AdminCommand {
        @Parameters(paramLabel = "NAME", description = "The lock name.")
        String name;

        @Override
        int run(LeaseholdAdmin admin, PrintWriter out) throws Exception {
            Optional<LockView> v = admin.lock(name);
            if (json()) {
                ObjectNode root = v.map(LeaseholdAdminCli::lockJson).orElseGet(() -> JSON.createObjectNode().put("name", name));
                root.put("held", v.isPresent());
                out.println(JSON.writeValueAsString(root));
            } else if (v.isEmpty()) {
                out.println("lock '" + name + "' is free");
            } else {
                Table t = lockTable();
                lockRow(t, v.get());
                t.print(out);
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a lease: every lock it holds is freed (and listed), its holder is told.")
    static final class Revoke extends AdminCommand {
        @Parameters(paramLabel = "ID", description = "The lease id, in hexadecimal.", converter = LeaseIdConverter.class)
        long leaseId;

        @Override
        int run(LeaseholdAdmin admin, PrintWriter out) throws Exception {
            // The locks it holds, read just before: revoking frees them (a lock taken in between is freed too).
            LeaseDetail before = admin.lease(leaseId);
            admin.revoke(leaseId);
            List<LockView> freed = before.locks();
            if (json()) {
                ObjectNode root = JSON.createObjectNode().put("revoked", hex(leaseId));
                ArrayNode list = root.putArray("freedLocks");
                freed.forEach(l -> list.add(lockJson(l)));
                root.put("freedLocksTruncated", before.locksTruncated());
                out.println(JSON.writeValueAsString(root));
            } else {
                out.println("revoked " + LeaseException.format(leaseId) + " (holder " + dash(before.lease().holder())
                        + "); " + (freed.isEmpty() ? "it held no lock" : "freed " + freed.size()
                        + (freed.size() == 1 ? " lock" : " locks") + (before.locksTruncated() ? " and more" : "") + ":"));
                if (!freed.isEmpty()) {
                    Table t = new Table("  LOCK", "FENCE", "HELD-FOR", "WAITERS");
                    freed.forEach(l -> t.row("  " + l.name(), String.valueOf(l.fence()), duration(l.heldFor()),
                            String.valueOf(l.waiters())));
                    t.print(out);
                }
            }
            return 0;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true, description = "Force-frees one lock: the fence moves on, the next waiter gets it,"
            + " the old holder is told it lost the lock. Its lease and other locks stay.")
    static final class Release extends AdminCommand {
        @Parameters(paramLabel = "NAME", description = "The lock name.")
        String name;

        @Override
        int run(LeaseholdAdmin admin, PrintWriter out) throws Exception {
            ForcedRelease r = admin.forceRelease(name);
            if (json()) {
                ObjectNode root = JSON.createObjectNode();
                root.put("name", r.name());
                root.put("oldLease", hex(r.oldLease()));
                root.put("oldFence", r.oldFence());
                if (r.newHolder().isPresent()) {
                    root.set("newHolder", lockJson(r.newHolder().get()));
                } else {
                    root.putNull("newHolder");
                }
                out.println(JSON.writeValueAsString(root));
            } else {
                out.println("released lock '" + r.name() + "' from " + LeaseException.format(r.oldLease())
                        + " (fence " + r.oldFence() + "); " + r.newHolder()
                        .map(h -> "now held by " + LeaseException.format(h.leaseId()) + " with fence " + h.fence())
                        .orElse("it is free"));
            }
            return 0;
        }
    }

    // ------------------------------------------------------------------ printing

    @FunctionalInterface
    interface Pager<T> {
        Page<T> page(String cursor, int pageSize);
    }

    static <T> Optional<String> listAll(Paging paging, Pager<T> pager, List<T> into) {
        String cursor = paging.cursor;
        while (true) {
            Page<T> page = pager.page(cursor, paging.pageSize);
            into.addAll(page.items());
            if (!paging.all || page.nextCursor().isEmpty()) {
                return page.nextCursor();
            }
            cursor = page.nextCursor().get();
        }
    }

    static void footer(PrintWriter out, int count, String what, Optional<String> next, String command) {
        out.println(count + " " + what + (count == 1 ? "" : "s")
                + next.map(c -> "; more: " + command + " --cursor " + c).orElse(""));
    }

    static Table lockTable() {
        return new Table("LOCK", "LEASE", "HOLDER", "FENCE", "HELD-FOR", "WAITERS");
    }

    static void lockRow(Table t, LockView v) {
        t.row(v.name(), hex(v.leaseId()), dash(v.holder()), String.valueOf(v.fence()), duration(v.heldFor()),
                String.valueOf(v.waiters()));
    }

    static ObjectNode leaseJson(LeaseView v) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", hex(v.id()));
        n.put("ttlMillis", v.grantedTtl().toMillis());
        n.put("remainingMillis", v.remainingTtl().toMillis());
        n.put("holder", v.holder());
        n.put("keys", v.keyCount());
        return n;
    }

    static ObjectNode lockJson(LockView v) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", v.name());
        n.put("lease", hex(v.leaseId()));
        n.put("holder", v.holder());
        n.put("fence", v.fence());
        n.put("heldForMillis", v.heldFor().toMillis());
        n.put("waiters", v.waiters());
        return n;
    }

    /** A lease id as every Leasehold tool prints it: hexadecimal. */
    static String hex(long leaseId) {
        return Long.toHexString(leaseId);
    }

    static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1_000) {
            return ms + "ms";
        }
        if (ms < 600_000) {
            return String.format(Locale.ROOT, "%.1fs", ms / 1e3);
        }
        return String.format(Locale.ROOT, "%dm%02ds", ms / 60_000, (ms / 1_000) % 60);
    }

    /** A plain text table: columns as wide as their widest cell. */
    static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        Table(String... header) {
            rows.add(header);
        }

        void row(String... cells) {
            rows.add(cells);
        }

        void print(PrintWriter out) {
            int[] width = new int[rows.get(0).length];
            for (String[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    line.append(r[i]);
                    if (i < r.length - 1) {
                        line.append(" ".repeat(width[i] - r[i].length() + 2));
                    }
                }
                out.println(line);
            }
        }
    }
}
