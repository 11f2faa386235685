package io.leasehold.hazelcast;

/**
 * A member is not in a cluster of the size it was meant to have: it did not find its peers (or
 * found members of another deployment). The message names what the member sees and the likely
 * cause. Leasehold refuses to run on such a cluster, since each part would grant the same locks.
 */
public final class ClusterFormationException extends IllegalStateException {

    public ClusterFormationException(String message) {
        super(message);
    }
}
