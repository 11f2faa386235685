package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.core.Wire;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.impl.operationservice.CallStatus;
import com.hazelcast.spi.impl.operationservice.Offload;
import com.hazelcast.spi.impl.operationservice.Operation;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The end of a batch of leases, as one member-to-member operation: the receiving member remembers
 * them and frees, in its own partitions, every lock they hold or wait on. Answers how many lock
 * records it changed.
 *
 * <p>An operation of Hazelcast's own, not an {@code IExecutorService} task: each executor task's
 * future completes through Hazelcast's default asynchronous executor, which starts a new thread per
 * answer when the common pool has a single thread (any machine with two cores or fewer), and a
 * revoke sends one per member. This runs on a generic operation thread and answers at once when the
 * member holds nothing of those leases (the common case); otherwise the freeing, which waits on
 * partition operations, is offloaded to the member's lease-end thread.
 */
public final class LeasesEndedOperation extends Operation implements IdentifiedDataSerializable {

    public static final String SERVICE_NAME = "leasehold:lease-ends";

    private Set<Long> leaseIds;

    public LeasesEndedOperation() {
    }

    public LeasesEndedOperation(Set<Long> leaseIds) {
        this.leaseIds = leaseIds;
    }

    @Override
    public CallStatus call() {
        MemberPort service = MemberPort.find(getNodeEngine().getHazelcastInstance());
        if (service == null) {
            return CallStatus.RESPONSE; // a member without Leasehold holds no Leasehold locks
        }
        Set<String> names = service.endedHere(leaseIds);
        Set<String> holds = service.holdKeysOf(leaseIds);
        if (names.isEmpty() && holds.isEmpty()) {
            return CallStatus.RESPONSE;
        }
        return new Offload(this) {
            @Override
            public void start() {
                service.freeLater(leaseIds, names, holds, count -> sendResponse(count));
            }
        };
    }

    /** The answer when nothing of those leases is here (an offloaded call answers with its own count). */
    @Override
    public Object getResponse() {
        return 0;
    }

    @Override
    public String getServiceName() {
        return SERVICE_NAME;
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.LEASES_ENDED_OPERATION;
    }

    @Override
    protected void writeInternal(ObjectDataOutput out) throws IOException {
        Wire.writeLongs(out, leaseIds);
    }

    @Override
    protected void readInternal(ObjectDataInput in) throws IOException {
        leaseIds = Wire.readLongs(in, new HashSet<>());
    }
}
