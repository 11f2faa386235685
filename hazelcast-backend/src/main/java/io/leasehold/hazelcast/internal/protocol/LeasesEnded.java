package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.Time;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.core.Wire;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * A client's revoke, finished on one member: that member tells every member, itself included, that
 * these leases ended ({@link LeasesEndedOperation}, one each) and answers, once all have freed the
 * locks those leases held or waited on, how many lock records changed in all. One executor task per
 * revoke: a client cannot send member-to-member operations itself.
 */
public final class LeasesEnded implements Callable<Integer>, Runnable, IdentifiedDataSerializable, HazelcastInstanceAware {

    /** The executor service a client's revoke is finished through. */
    public static final String EXECUTOR = "leasehold.ended";

    private Set<Long> leaseIds;
    private transient HazelcastInstance hz;

    public LeasesEnded() {
    }

    public LeasesEnded(Set<Long> leaseIds) {
        this.leaseIds = new HashSet<>(leaseIds);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.hz = hz;
    }

    @Override
    public void run() {
        call();
    }

    @Override
    public Integer call() {
        return MemberPort.of(hz).tellAllAndWait(leaseIds, Time.ATTEMPT_MILLIS);
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.LEASES_ENDED;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        Wire.writeLongs(out, leaseIds);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        leaseIds = Wire.readLongs(in, new HashSet<>());
    }
}
