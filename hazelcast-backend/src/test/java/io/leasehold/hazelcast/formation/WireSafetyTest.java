package io.leasehold.hazelcast.formation;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.HeapData;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import io.leasehold.Leasehold;
import io.leasehold.LockHandle;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.TestCluster;
import io.leasehold.hazelcast.internal.core.LockRecord;
import io.leasehold.hazelcast.internal.core.Maps;
import io.leasehold.hazelcast.internal.member.WireFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Members Leasehold owns (with its Java-serialization filter) take from the wire only what Leasehold
 * sends: hostile payloads are refused and the member keeps serving.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WireSafetyTest {

    /**
     * A Java-serialized processor whose own class passes the filter (Leasehold's package) but which
     * carries the classic SerialDOS gadget: nested HashSets whose deserialization takes 2^depth steps.
     */
    static final class GadgetCarrier implements EntryProcessor<String, Object, Object>, Serializable {
        private static final long serialVersionUID = 1L;
        final Set<Object> payload = serialDos(30);

        @Override
        public Object process(Map.Entry<String, Object> entry) {
            return "deserialized";
        }
    }

    /** An exception (admitted, as every Throwable is) whose own field is the SerialDOS gadget. */
    static final class GadgetException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Set<Object> payload = serialDos(30);

        GadgetException() {
            super("carries a gadget");
        }
    }

    /** A processor that carries the gadget inside an exception it holds. */
    static final class ExceptionGadgetCarrier implements EntryProcessor<String, Object, Object>, Serializable {
        private static final long serialVersionUID = 1L;
        final RuntimeException carried = new GadgetException();

        @Override
        public Object process(Map.Entry<String, Object> entry) {
            return "deserialized";
        }
    }

    static Set<Object> serialDos(int depth) {
        Set<Object> root = new HashSet<>();
        Set<Object> s1 = root;
        Set<Object> s2 = new HashSet<>();
        for (int i = 0; i < depth; i++) {
            Set<Object> t1 = new HashSet<>();
            Set<Object> t2 = new HashSet<>();
            t1.add("x");
            s1.add(t1);
            s1.add(t2);
            s2.add(t1);
            s2.add(t2);
            s1 = t1;
            s2 = t2;
        }
        return root;
    }

    @Test
    void aJavaSerializedJdkGadgetIsRefusedAndTheMemberKeepsServing() {
        assertFalse(WireFilter.JDK_CLASSES.contains("java.util.HashSet"));
        try (TestCluster cluster = new TestCluster(1, TestCluster.filteredTestSettings())) {
            HazelcastInstance client = cluster.newClient();
            try (Leasehold leasehold = HazelcastLeasehold.create(client)) {
                LockHandle held = leasehold.lock("guarded").tryLock().orElseThrow();
                long refusedBefore = WireFilter.refusals();
                RuntimeException e = assertThrows(RuntimeException.class, () -> client.<String, Object>getMap(Maps.LOCKS)
                        .executeOnKey("guarded", new GadgetCarrier()));
                assertTrue(String.valueOf(e.getMessage()).contains("java.util.HashSet"), String.valueOf(e));
                assertTrue(WireFilter.refusals() > refusedBefore, "the member's filter did not see the gadget");
                assertEquals(held.fence(), leasehold.lock("guarded").holder().orElseThrow().fence());
                held.unlock();
                assertTrue(leasehold.lock("guarded").tryLock().isPresent(), "the member stopped serving");
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void aGadgetInsideAnAdmittedExceptionIsStillRefused() {
        try (TestCluster cluster = new TestCluster(1, TestCluster.filteredTestSettings())) {
            HazelcastInstance client = cluster.newClient();
            try (Leasehold leasehold = HazelcastLeasehold.create(client)) {
                long refusedBefore = WireFilter.refusals();
                RuntimeException e = assertThrows(RuntimeException.class, () -> client.<String, Object>getMap("user-map")
                        .executeOnKey("k", new ExceptionGadgetCarrier()));
                assertTrue(String.valueOf(e.getMessage()).contains("java.util.HashSet"), String.valueOf(e));
                assertTrue(WireFilter.refusals() > refusedBefore, "the member's filter did not see the gadget");
                LockHandle held = leasehold.lock("after-gadget").tryLock().orElseThrow();
                assertTrue(held.fence() > 0, "the member stopped serving");
                held.unlock();
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void aRecordWithAWaiterCountOf2To31IsRefusedBeforeAnythingIsAllocated() throws IOException {
        try (TestCluster cluster = new TestCluster(1)) {
            HazelcastInstance member = cluster.first();
            InternalSerializationService ss = (InternalSerializationService)
                    ((SerializationServiceSupport) member).getSerializationService();
            for (int hostileCount : new int[] {Integer.MIN_VALUE /* 2^31 as an int */, Integer.MAX_VALUE, -1}) {
                Data hostile = withWaiterCount(ss.toData(new LockRecord(1, 0, 0, 0, 0, 0, 0, List.of())), hostileCount);
                RuntimeException e = assertThrows(RuntimeException.class, () -> ss.toObject(hostile));
                assertTrue(causes(e).contains("refused lock record waiters"), causes(e));
            }
            // The member's own serialization service refused them; the member goes on serving.
            try (Leasehold leasehold = HazelcastLeasehold.create(member)) {
                LockHandle held = leasehold.lock("after-hostile").tryLock().orElseThrow();
                assertTrue(held.fence() > 0);
                held.unlock();
            }
        }
    }

    /** The serialized record with its last int (the waiter count of a record without waiters) replaced. */
    private static Data withWaiterCount(Data data, int count) {
        byte[] bytes = data.toByteArray();
        ByteBuffer.wrap(bytes).putInt(bytes.length - Integer.BYTES, count);
        return new HeapData(bytes);
    }

    private static String causes(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            sb.append(t).append(" / ");
        }
        return sb.toString();
    }
}
