package io.leasehold.vertx;

import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import io.leasehold.LeaseNotFoundException;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.admin.LeaseholdAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Frees a leaving node's locks at once: when the node's member starts shutting down (the cluster manager
 * leaves after Vert.x has undeployed the node's verticles), it closes the node's Leasehold, which revokes
 * its session lease, and revokes every session lease this node's Vert.x locks were taken under.
 *
 * <p>The second step is what makes it certain. Hazelcast tells its lifecycle listeners in no fixed
 * order, and the Leasehold instance stops by itself when its member shuts down, without revoking; when
 * that listener comes first, closing does nothing, and only the revokes here (through the admin API,
 * which needs no session) free the locks before the lease would run out. A lease already ended is
 * skipped.
 */
final class NodeLeave implements LifecycleListener {

    private static final Logger LOG = LoggerFactory.getLogger(NodeLeave.class);

    private final Leasehold leasehold;
    private final LeaseholdAdmin admin;
    /** Session leases this node's locks were taken under: one, or a few when a session was lost and granted again. */
    private final Set<Long> sessionLeases = ConcurrentHashMap.newKeySet();

    NodeLeave(Leasehold leasehold, LeaseholdAdmin admin) {
        this.leasehold = leasehold;
        this.admin = admin;
    }

    /** Notes the lease a hold of this node hangs on. */
    LockHandle held(LockHandle handle) {
        sessionLeases.add(handle.leaseId());
        return handle;
    }

    @Override
    public void stateChanged(LifecycleEvent event) {
        if (event.getState() == LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
            leave();
        }
    }

    /** Closes the Leasehold and revokes what is left of its session leases. Blocks; called once the node leaves. */
    void leave() {
        try {
            leasehold.close();
        } catch (RuntimeException e) {
            LOG.debug("Leasehold of a leaving Vert.x node did not close cleanly; revoking its session leases", e);
        }
        for (long lease : sessionLeases) {
            try {
                admin.revoke(lease);
            } catch (LeaseNotFoundException e) {
                LOG.trace("Session lease {} of a leaving Vert.x node had ended already", Long.toHexString(lease));
            } catch (RuntimeException e) {
                LOG.warn("Session lease {} of a leaving Vert.x node could not be revoked; its locks are freed when it"
                        + " runs out", Long.toHexString(lease), e);
            }
        }
        sessionLeases.clear();
    }
}
