package io.leasehold.hazelcast.internal.protocol;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;

import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What a Leasehold instance running on a member may ask of that member: to hear its handoffs
 * directly (no notice map), and to tell every member of a lease's end itself (a client asks one
 * member to do that for it). Found in the member's user context; absent on a client.
 */
public interface LocalMember {

    /** How an instance on this member is told of a handoff directly, without a map event. */
    @FunctionalInterface
    interface Waker {
        /** Completes the waiter with this wake code on that lock; never blocks. */
        void wake(String lockName, int wakeCode, long fence);
    }

    /** The member the instance runs on, or null on a client (or a member without Leasehold). */
    static LocalMember find(HazelcastInstance hz) {
        try {
            return hz.getUserContext().get(MemberPort.CONTEXT_KEY) instanceof LocalMember m ? m : null;
        } catch (UnsupportedOperationException e) {
            return null; // a client has no user context of a member
        }
    }

    /** An instance on this member: handoffs to its waiters (by session tag) skip the notice map. */
    void registerLocal(long tag, Waker waker);

    void unregisterLocal(long tag);

    /**
     * Tells every member these leases ended and waits at most {@code timeoutMillis} in all for the answers
     * of those it can reach; the records changed.
     */
    int tellAllAndWait(Set<Long> leaseIds, long timeoutMillis);

    /**
     * {@code IMap.executeOnKey} without waiting and without the map proxy's future: {@code onAnswer} gets
     * the answer (or the call's own exception) on the thread that receives it (a partition or response
     * thread), so it must not block.
     */
    void executeOnKey(String mapName, Object key, EntryProcessor<?, ?, ?> processor, BiConsumer<Object, Throwable> onAnswer);
}
