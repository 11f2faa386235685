package io.leasehold.hazelcast.internal;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Serialization round trips (to {@code Data} and back) with Hazelcast's own serialization service
 * and Leasehold's factory: the acquire processor a client sends, the lock and lease records a member
 * stores (the maps are in BINARY format, so every entry processor deserializes and serializes its
 * record), and the reply.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerializationBenchmark {

    private InternalSerializationService serialization;
    private Processors.Acquire acquire;
    private LockRecord lockRecord;
    private LeaseRecord leaseRecord;
    private LockReply reply;
    private Data acquireData;

    @Setup
    public void setUp() {
        serialization = new DefaultSerializationServiceBuilder()
                .addDataSerializableFactory(LeaseholdSerialization.FACTORY_ID, new LeaseholdSerialization())
                .build();
        acquire = new Processors.Acquire(new LockDecisions.AcquireRequest(21, 22, 23, 10_000, 30_000, 0));
        lockRecord = new LockRecord(1_000_000, 11, 12, 13, 10_000, 1_700_000_000_000L, 0,
                List.of(new Waiter(100, 200, 300, 10_000, 1_700_000_030_000L)));
        leaseRecord = new LeaseRecord(10_000, 1_700_000_005_000L, 7, Set.of("orders-42"));
        reply = LockReply.of(LockReply.Code.GRANTED, lockRecord, false);
        acquireData = serialization.toData(acquire);
    }

    @TearDown
    public void tearDown() {
        serialization.dispose();
    }

    @Benchmark
    public Object acquireProcessorRoundTrip() {
        return serialization.toObject(serialization.toData(acquire));
    }

    @Benchmark
    public Object acquireProcessorRead() {
        return serialization.toObject(acquireData);
    }

    @Benchmark
    public Object lockRecordRoundTrip() {
        return serialization.toObject(serialization.toData(lockRecord));
    }

    @Benchmark
    public Object leaseRecordRoundTrip() {
        return serialization.toObject(serialization.toData(leaseRecord));
    }

    @Benchmark
    public Object lockReplyRoundTrip() {
        return serialization.toObject(serialization.toData(reply));
    }
}
