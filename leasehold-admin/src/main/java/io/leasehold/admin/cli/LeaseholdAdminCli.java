package io.leasehold.admin.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * java -jar leasehold-admin.jar release-holds semaphore pool --lease 5f3a9c0e1b2d4e6f --cluster-name prod-locks
 * </pre>
 *
 * <p>Exit codes: 0 done, 1 the lease or lock is not there (or not held), 2 bad usage, 3 the cluster
 * could not be reached or did not answer.
 */
@Command(name = "leasehold-admin", mixinStandardHelpOptions = true, version = "leasehold-admin 0.1.0",
        description = "Lists, inspects, revokes and force-releases Leasehold leases, locks, semaphore permits and read-write holds.",
        subcommands = {LeaseholdAdminCli.Leases.class, LeaseholdAdminCli.LeaseCommand.class,
                LeaseholdAdminCli.Locks.class, LeaseholdAdminCli.LockCommand.class,
                LeaseholdAdminCli.Revoke.class, LeaseholdAdminCli.Release.class, HoldCommands.Holds.class,
                HoldCommands.HoldCommand.class, HoldCommands.ReleaseHolds.class})
public final class LeaseholdAdminCli implements Runnable {

    /** Exit code: the lease or lock named is not there, or not held. */
    public static final int NOT_FOUND = 1;
    /** Exit code: the cluster could not be reached or did not answer. */
    public static final int UNAVAILABLE = 3;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: leases, lease, locks, lock, revoke, release, holds, hold or release-holds");
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

}
