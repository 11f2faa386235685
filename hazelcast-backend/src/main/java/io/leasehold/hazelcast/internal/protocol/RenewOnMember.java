package io.leasehold.hazelcast.internal.protocol;

import io.leasehold.hazelcast.internal.core.LeaseRecord;
import io.leasehold.hazelcast.internal.core.LeaseReply;
import io.leasehold.hazelcast.internal.core.Maps;
import io.leasehold.hazelcast.internal.core.SerializationIds;
import io.leasehold.hazelcast.internal.core.Wire;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One keep-alive request to one member, for every lease of an instance that member owns. On the
 * member it renews (or reads) each partition's leases as a separate local operation and answers,
 * after at most {@code waitMillis}, with what those operations confirmed: a slow partition holds up
 * only its own leases, which the answer leaves out (the caller retries them), and the caller still
 * sends one request per member per period.
 */
public final class RenewOnMember implements Callable<RenewOnMember.Replies>, IdentifiedDataSerializable,
        HazelcastInstanceAware {

    private Set<Long> leaseIds;
    private boolean renew;
    private long waitMillis;
    private transient HazelcastInstance hz;

    public RenewOnMember() {
    }

    public RenewOnMember(Set<Long> leaseIds, boolean renew, long waitMillis) {
        this.leaseIds = new HashSet<>(leaseIds);
        this.renew = renew;
        this.waitMillis = waitMillis;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hz) {
        this.hz = hz;
    }

    @Override
    public Replies call() throws InterruptedException {
        IMap<Long, LeaseRecord> leases = hz.getMap(Maps.LEASES);
        if (renew) {
            MemberPort.of(hz).countRenewRequest();
        }
        Map<Integer, Set<Long>> byPartition = new HashMap<>();
        for (Long id : leaseIds) {
            byPartition.computeIfAbsent(hz.getPartitionService().getPartition(id).getPartitionId(),
                    p -> new HashSet<>()).add(id);
        }
        List<CompletableFuture<Map<Long, LeaseReply>>> calls = new ArrayList<>();
        for (Set<Long> ids : byPartition.values()) {
            calls.add(leases.submitToKeys(ids, renew ? Renew.partOfRequest() : new LeaseRead(false))
                    .toCompletableFuture());
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        Map<Long, LeaseReply> answered = new HashMap<>();
        for (CompletableFuture<Map<Long, LeaseReply>> call : calls) {
            long left = deadline - System.nanoTime();
            try {
                answered.putAll(call.get(Math.max(0, left), TimeUnit.NANOSECONDS));
            } catch (TimeoutException | ExecutionException e) {
                // left out: the caller retries these leases
            }
        }
        return new Replies(answered);
    }

    @Override
    public int getFactoryId() {
        return SerializationIds.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SerializationIds.RENEW_ON_MEMBER;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        Wire.writeLongs(out, leaseIds);
        out.writeBoolean(renew);
        out.writeLong(waitMillis);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        leaseIds = Wire.readLongs(in, new HashSet<>());
        renew = in.readBoolean();
        waitMillis = Math.max(0, Math.min(in.readLong(), 60_000));
    }

    /** The answer: a reply per lease that was confirmed (or found gone) in time. */
    public static final class Replies implements IdentifiedDataSerializable {
        private Map<Long, LeaseReply> replies;

        public Replies() {
        }

        Replies(Map<Long, LeaseReply> replies) {
            this.replies = replies;
        }

        public Map<Long, LeaseReply> replies() {
            return replies;
        }

        @Override
        public int getFactoryId() {
            return SerializationIds.FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return SerializationIds.RENEW_REPLIES;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeInt(replies.size());
            for (Map.Entry<Long, LeaseReply> e : replies.entrySet()) {
                out.writeLong(e.getKey());
                e.getValue().writeData(out);
            }
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            int n = Wire.readCount(in, "keep-alive replies");
            replies = new HashMap<>();
            for (int i = 0; i < n; i++) {
                long id = in.readLong();
                LeaseReply reply = new LeaseReply();
                reply.readData(in);
                replies.put(id, reply);
            }
        }
    }
}
