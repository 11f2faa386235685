package io.leasehold.hazelcast.internal.member;

import io.leasehold.hazelcast.internal.protocol.MemberPort;
import io.leasehold.hazelcast.internal.protocol.MergeClock;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.partition.MigrationListener;
import com.hazelcast.partition.MigrationState;
import com.hazelcast.partition.ReplicaMigrationEvent;
import io.leasehold.hazelcast.MemberSettings;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Installed in a member's {@code Config} by {@code LeaseholdConfig.apply}: gives each member started
 * from that config its own {@link MemberService}, starts it, stops it on shutdown, and asks for a
 * heap reconciliation after each migration.
 */
public final class MemberHook implements HazelcastInstanceAware, MigrationListener {

    private final MemberSettings settings;
    private final List<MemberService> services = new CopyOnWriteArrayList<>();

    public MemberHook(MemberSettings settings) {
        this.settings = settings;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        // Hazelcast calls this twice for a listener in the Config (once as a listener, once through
        // the node extension): the second call must not start a second service.
        if (hz.getUserContext().get(MemberPort.CONTEXT_KEY) instanceof MemberService) {
            return;
        }
        MemberService service = new MemberService(settings, hz);
        hz.getUserContext().put(MemberPort.CONTEXT_KEY, service);
        services.add(service);
        MergeClock.register(hz.getName(), service::now);
        hz.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.STARTED) {
                service.start();
                ClockStepCheck.onStart(hz);
            } else if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
                service.shutdown();
                services.remove(service);
                MergeClock.unregister(hz.getName());
            }
        });
    }

    @Override
    public void migrationStarted(MigrationState state) {
    }

    @Override
    public void migrationFinished(MigrationState state) {
        services.forEach(MemberService::requestReconcile);
    }

    @Override
    public void replicaMigrationCompleted(ReplicaMigrationEvent event) {
    }

    @Override
    public void replicaMigrationFailed(ReplicaMigrationEvent event) {
    }
}
