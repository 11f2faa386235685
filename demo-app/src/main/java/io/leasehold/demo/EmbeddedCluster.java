package io.leasehold.demo;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.hazelcast.LeaseholdConfig;

import io.leasehold.hazelcast.ClusterFormationException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** Members in this JVM, on loopback, under a cluster name of their own. Workers use the members directly. */
final class EmbeddedCluster implements Topology {

    private final List<HazelcastInstance> members = new ArrayList<>();
    private final int size;

    /**
     * Starts {@code size} members together (each waits until all have joined) and checks that they
     * formed one cluster of that size; refuses with the likely cause otherwise.
     */
    EmbeddedCluster(String clusterName, int size, PrintStream out) {
        this.size = size;
        ExecutorService starter = Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, "demo-member-start");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<HazelcastInstance>> starting = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                starting.add(starter.submit(() -> LeaseholdConfig.startLocalMember(clusterName, DemoSettings.members())));
            }
            for (Future<HazelcastInstance> f : starting) {
                HazelcastInstance m = f.get(DemoSettings.FORMATION_TIMEOUT.toSeconds() + 30, TimeUnit.SECONDS);
                synchronized (this) {
                    members.add(m);
                }
            }
            for (HazelcastInstance m : members) {
                LeaseholdConfig.awaitClusterSize(m, size, DemoSettings.FORMATION_TIMEOUT);
            }
            out.printf("  cluster formed: %d members on %s%n", members.get(0).getCluster().getMembers().size(),
                    members.stream().map(m -> String.valueOf(m.getCluster().getLocalMember().getAddress().getPort()))
                            .collect(Collectors.joining(", ", "127.0.0.1 ports ", "")));
        } catch (ExecutionException e) {
            close();
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            close();
            throw new ClusterFormationException("the " + size + " embedded members did not find each other within "
                    + (DemoSettings.FORMATION_TIMEOUT.toSeconds() + 30) + " s (another process on ports 5701-5720?"
                    + " a firewall on loopback?)");
        } catch (InterruptedException e) {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the members", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        } finally {
            starter.shutdownNow();
        }
    }

    @Override
    public String describe() {
        return "embedded: " + size + " members in this JVM";
    }

    @Override
    public String mode() {
        return "embedded";
    }

    @Override
    public int memberCount() {
        return size;
    }

    @Override
    public synchronized HazelcastInstance endpoint(int slot) {
        HazelcastInstance preferred = members.get(Math.floorMod(slot, members.size()));
        if (preferred.getLifecycleService().isRunning()) {
            return preferred;
        }
        return members.stream().filter(m -> m.getLifecycleService().isRunning()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no member is running"));
    }

    @Override
    public synchronized Optional<String> killOneMember() {
        for (int i = members.size() - 1; i > 0; i--) {
            HazelcastInstance m = members.get(i);
            if (m.getLifecycleService().isRunning()) {
                var a = m.getCluster().getLocalMember().getAddress();
                String address = a.getHost() + ":" + a.getPort();
                m.getLifecycleService().terminate();
                return Optional.of(address);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized void close() {
        for (HazelcastInstance m : members) {
            try {
                m.getLifecycleService().terminate();
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
    }
}
