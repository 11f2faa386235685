package io.leasehold.demo;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.hazelcast.LeaseholdConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Members in this JVM, on loopback, under a cluster name of their own. Workers use the members directly. */
final class EmbeddedCluster implements Topology {

    private final List<HazelcastInstance> members = new ArrayList<>();
    private final int size;

    EmbeddedCluster(String clusterName, int size) {
        this.size = size;
        try {
            for (int i = 0; i < size; i++) {
                members.add(LeaseholdConfig.startLocalMember(clusterName, DemoSettings.members()));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
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
