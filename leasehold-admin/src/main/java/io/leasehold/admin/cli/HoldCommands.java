package io.leasehold.admin.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leasehold.admin.ForcedHoldRelease;
import io.leasehold.admin.HoldKind;
import io.leasehold.admin.HoldView;
import io.leasehold.admin.HoldsView;
import io.leasehold.admin.LeaseholdAdmin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.leasehold.admin.cli.LeaseholdAdminCli.JSON;
import static io.leasehold.admin.cli.LeaseholdAdminCli.dash;
import static io.leasehold.admin.cli.LeaseholdAdminCli.duration;
import static io.leasehold.admin.cli.LeaseholdAdminCli.hex;

/**
 * The commands for semaphores and read-write locks: list the holds ({@code holds}), show one name
 * ({@code hold KIND NAME}), and force-release by name or by lease ({@code release-holds}). A kind is
 * {@code semaphore} or {@code rwlock}.
 */
final class HoldCommands {

    private HoldCommands() {
    }

    /** Converts {@code semaphore} / {@code rwlock} ({@link HoldKind#parse}). */
    static final class KindConverter implements CommandLine.ITypeConverter<HoldKind> {
        @Override
        public HoldKind convert(String value) {
            try {
                return HoldKind.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Command(name = "holds", mixinStandardHelpOptions = true, description = "Lists semaphore permits and read-write"
            + " holds: kind, name, hold id, lease, holder, count, shared/exclusive, fence, held for, queued waiters.")
    static final class Holds extends LeaseholdAdminCli.AdminCommand {
        @Mixin
        LeaseholdAdminCli.Paging paging;

        @Override
        int run(LeaseholdAdmin admin, PrintWriter out) throws Exception {
            List<HoldsView> rows = new ArrayList<>();
            Optional<String> next = LeaseholdAdminCli.listAll(paging, (c, n) -> admin.holds(c, n), rows);
            if (json()) {
                ObjectNode root = JSON.createObjectNode();
                ArrayNode list = root.putArray("holds");
                rows.forEach(v -> list.add(HoldCommands.json(v)));
                root.put("nextCursor", next.orElse(null));
                out.println(JSON.writeValueAsString(root));
            } else {
                print(rows, out);
                LeaseholdAdminCli.footer(out, rows.size(), "name", next, "holds");
            }
            return 0;
        }
    }

    @Command(name = "hold", mixinStandardHelpOptions = true, description = "Shows the holds and waiters of one semaphore or read-write lock.")
    static final class HoldCommand extends LeaseholdAdminCli.AdminCommand {
        @Parameters(index = "0", paramLabel = "KIND", description = "semaphore or rwlock.", converter = KindConverter.class)
        HoldKind kind;

        @Parameters(index = "1", paramLabel = "NAME", description = "The semaphore or lock name.")
        String name;

        @Override
        int run(LeaseholdAdmin admin, PrintWriter out) throws Exception {
            Optional<HoldsView> v = admin.holds(kind, name);
            if (json()) {
                ObjectNode root = v.map(HoldCommands::json).orElseGet(() -> JSON.createObjectNode()
                        .put("kind", kind.label()).put("name", name));
                root.put("held", v.isPresent());
                out.println(JSON.writeValueAsString(root));
            } else if (v.isEmpty()) {
                out.println(kind.label() + " '" + name + "': nobody holds or waits on it");
            } else {
                print(List.of(v.get()), out);
            }
            return 0;
        }
    }

    @Command(name = "release-holds", mixinStandardHelpOptions = true, description = "Force-frees semaphore permits"
            + " and read-write holds: every hold of one name (KIND NAME), one lease's holds on it (KIND NAME --lease ID),"
            + " or one lease's holds on every name (--lease ID). Waiters that now fit are served; the leases stay.")
    static final class ReleaseHolds extends LeaseholdAdminCli.AdminCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "KIND", description = "semaphore or rwlock.",
                converter = KindConverter.class)
        HoldKind kind;

        @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "The semaphore or lock name.")
        String name;

        @Option(names = "--lease", paramLabel = "ID", description = "Only this lease's holds (hexadecimal).",
                converter = LeaseholdAdminCli.LeaseIdConverter.class)
        Long lease;

        @Override
        int run(LeaseholdAdmin admin, PrintWriter out) throws Exception {
            if ((kind == null) != (name == null) || (kind == null && lease == null)) {
                throw new IllegalArgumentException("release-holds needs KIND NAME, KIND NAME --lease ID, or --lease ID");
            }
            List<ForcedHoldRelease> done = kind != null
                    ? List.of(admin.forceReleaseHolds(kind, name, lease == null ? 0 : lease))
                    : admin.forceReleaseHoldsOf(lease);
            if (json()) {
                ObjectNode root = JSON.createObjectNode();
                ArrayNode list = root.putArray("released");
                for (ForcedHoldRelease r : done) {
                    ObjectNode n = list.addObject().put("kind", r.kind().label()).put("name", r.name());
                    ArrayNode released = n.putArray("holds");
                    r.released().forEach(h -> released.add(HoldCommands.json(h)));
                    ArrayNode granted = n.putArray("grantedToWaiters");
                    r.granted().forEach(h -> granted.add(HoldCommands.json(h)));
                }
                out.println(JSON.writeValueAsString(root));
            } else if (done.isEmpty()) {
                out.println("lease " + hex(lease) + " holds no semaphore permits or read-write holds; nothing released");
            } else {
                for (ForcedHoldRelease r : done) {
                    out.println("released " + r.released().size() + (r.released().size() == 1 ? " hold" : " holds")
                            + " of " + r.kind().label() + " '" + r.name() + "'" + (r.granted().isEmpty() ? ""
                            : "; handed to " + r.granted().size() + (r.granted().size() == 1 ? " waiter" : " waiters")
                            + " (fence " + r.granted().get(r.granted().size() - 1).fence() + ")") + ":");
                    Table t = new Table("  HOLD", "LEASE", "HOLDER", "COUNT", "MODE", "FENCE", "HELD-FOR");
                    r.released().forEach(h -> t.row("  " + hex(h.holdId()), hex(h.leaseId()), dash(h.holder()),
                            count(h), mode(r.kind(), h), String.valueOf(h.fence()), duration(h.heldFor())));
                    t.print(out);
                }
            }
            return 0;
        }
    }

    // ------------------------------------------------------------------ printing

    /** One line per hold; a name only waited on gets one line with dashes. */
    static void print(List<HoldsView> rows, PrintWriter out) {
        Table t = new Table("KIND", "NAME", "HOLD", "LEASE", "HOLDER", "COUNT", "MODE", "FENCE", "HELD-FOR", "WAITERS");
        for (HoldsView v : rows) {
            String waiters = String.valueOf(v.waiters());
            if (v.holds().isEmpty()) {
                t.row(v.kind().label(), v.name(), "-", "-", "-", "-", "-", "-", "-", waiters);
            }
            for (HoldView h : v.holds()) {
                t.row(v.kind().label(), v.name(), hex(h.holdId()), hex(h.leaseId()), dash(h.holder()), count(h),
                        mode(v.kind(), h), String.valueOf(h.fence()), duration(h.heldFor()), waiters);
            }
        }
        t.print(out);
    }

    private static String count(HoldView h) {
        return h.exclusive() ? "all" : String.valueOf(h.count());
    }

    private static String mode(HoldKind kind, HoldView h) {
        return h.exclusive() ? "exclusive" : kind == HoldKind.READ_WRITE ? "shared" : "permits";
    }

    static ObjectNode json(HoldsView v) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", v.kind().label());
        n.put("name", v.name());
        n.put("permits", v.permits());
        n.put("available", v.available());
        n.put("waiters", v.waiters());
        ArrayNode holds = n.putArray("holds");
        v.holds().forEach(h -> holds.add(json(h)));
        return n;
    }

    static ObjectNode json(HoldView h) {
        ObjectNode n = JSON.createObjectNode();
        n.put("hold", hex(h.holdId()));
        n.put("lease", hex(h.leaseId()));
        n.put("holder", h.holder());
        n.put("count", h.count());
        n.put("exclusive", h.exclusive());
        n.put("fence", h.fence());
        n.put("heldForMillis", h.heldFor().toMillis());
        return n;
    }
}
