package io.leasehold.demo;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.hazelcast.LeaseholdConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Members in other processes, workers as Hazelcast clients: either members this demo forks (and
 * stops, even when the run fails or the JVM is interrupted), or members already running.
 */
final class ClientServerCluster implements Topology {

    private static final int CLIENTS = 3;

    private final List<ForkedMember> forked;
    private final List<HazelcastInstance> clients = new ArrayList<>();
    private final int memberCount;
    private final String description;
    private final Thread cleanup;
    /** The forked members' logs: deleted after a run that went well, kept (and named) after one that failed. */
    private final Path logs;
    private final PrintStream out;
    private volatile boolean failed;

    private ClientServerCluster(String clusterName, List<String> addresses, List<ForkedMember> forked, Path logs,
                                PrintStream out) {
        this.forked = forked;
        this.logs = logs;
        this.out = out;
        this.memberCount = addresses.size();
        this.description = "client-server: " + memberCount + (forked.isEmpty() ? " running" : " forked")
                + " members, workers on " + CLIENTS + " clients";
        this.cleanup = new Thread(this::stopMembers, "demo-member-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(LeaseholdConfig.startLocalClient(clusterName, addresses.toArray(String[]::new)));
            }
            // The clients must see one cluster of all the members, not a part of it.
            for (HazelcastInstance c : clients) {
                LeaseholdConfig.awaitClusterSize(c, memberCount, DemoSettings.FORMATION_TIMEOUT);
            }
            out.printf("  cluster formed: the clients see %d members%n", clients.get(0).getCluster().getMembers().size());
        } catch (RuntimeException e) {
            failed = true;
            close();
            throw e;
        }
    }

    /** Forks {@code size} member processes, one after another, then connects the clients. */
    static ClientServerCluster fork(String clusterName, int size, PrintStream out) {
        List<ForkedMember> members = new ArrayList<>();
        Path logs = null;
        try {
            logs = Files.createTempDirectory("leasehold-demo-members-");
            // All at once: each member waits until all of them have joined.
            for (int i = 0; i < size; i++) {
                members.add(ForkedMember.launch(clusterName, size, logs.resolve("member-" + (i + 1) + ".log")));
            }
            for (int i = 0; i < size; i++) {
                ForkedMember m = members.get(i);
                m.awaitReady();
                out.printf("  member %d ready at %s (pid %d)%n", i + 1, m.address(), m.pid());
            }
            out.printf("  member logs in %s (kept only if the run fails)%n", logs);
            List<String> addresses = members.stream().map(ForkedMember::address).toList();
            return new ClientServerCluster(clusterName, addresses, members, logs, out);
        } catch (IOException e) {
            members.forEach(ForkedMember::close);
            throw new UncheckedIOException("could not start member processes: " + e.getMessage()
                    + (logs == null ? "" : "; member logs in " + logs), e);
        } catch (InterruptedException e) {
            members.forEach(ForkedMember::close);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting member processes", e);
        } catch (RuntimeException e) {
            members.forEach(ForkedMember::close);
            throw e;
        }
    }

    /** Connects clients to members already running at {@code addresses}. */
    static ClientServerCluster connect(String clusterName, List<String> addresses, PrintStream out) {
        return new ClientServerCluster(clusterName, List.copyOf(addresses), List.of(), null, out);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String mode() {
        return "client-server";
    }

    @Override
    public int memberCount() {
        return memberCount;
    }

    @Override
    public HazelcastInstance endpoint(int slot) {
        return clients.get(Math.floorMod(slot, clients.size()));
    }

    @Override
    public synchronized Optional<String> killOneMember() {
        for (int i = forked.size() - 1; i > 0; i--) {
            ForkedMember m = forked.get(i);
            if (m.isAlive()) {
                try {
                    m.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.of(m.address() + " (pid " + m.pid() + ")");
            }
        }
        return Optional.empty();
    }

    @Override
    public void runFailed() {
        failed = true;
    }

    @Override
    public void close() {
        for (HazelcastInstance c : clients) {
            try {
                c.shutdown();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        stopMembers();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down: the hook is running
        }
        if (logs != null) {
            if (failed) {
                out.printf("member logs kept in %s%n", logs);
            } else {
                deleteLogs(logs);
            }
        }
    }

    private static void deleteLogs(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // best effort: a temp directory left behind is not a failed run
        }
    }

    private synchronized void stopMembers() {
        forked.forEach(ForkedMember::close);
    }
}
