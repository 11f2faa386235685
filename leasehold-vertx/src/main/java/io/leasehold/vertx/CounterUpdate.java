package io.leasehold.vertx;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

import java.io.IOException;
import java.util.Map;

/**
 * One update of a {@link ClusterCounter}, run on the partition owner of the counter's name: add and
 * return the new value, add and return the old one, or compare and set. An absent entry reads 0. The
 * primary decides once; its backups are sent the value it stored ({@link CounterBackup}), never the
 * update to re-run.
 */
public final class CounterUpdate implements EntryProcessor<String, Long, Object>, IdentifiedDataSerializable {

    static final int ADD_AND_GET = 1;
    static final int GET_AND_ADD = 2;
    static final int COMPARE_AND_SET = 3;

    private int kind;
    private long operand;
    private long expected;
    /** What the primary stored, for its backups; null when it changed nothing. */
    private transient Long stored;

    /** For the serialization factory. */
    public CounterUpdate() {
    }

    private CounterUpdate(int kind, long operand, long expected) {
        this.kind = kind;
        this.operand = operand;
        this.expected = expected;
    }

    static CounterUpdate addAndGet(long delta) {
        return new CounterUpdate(ADD_AND_GET, delta, 0);
    }

    static CounterUpdate getAndAdd(long delta) {
        return new CounterUpdate(GET_AND_ADD, delta, 0);
    }

    static CounterUpdate compareAndSet(long expected, long value) {
        return new CounterUpdate(COMPARE_AND_SET, value, expected);
    }

    @Override
    public Object process(Map.Entry<String, Long> entry) {
        long current = entry.getValue() == null ? 0L : entry.getValue();
        return switch (kind) {
            case ADD_AND_GET -> store(entry, current + operand);
            case GET_AND_ADD -> {
                store(entry, current + operand);
                yield current;
            }
            case COMPARE_AND_SET -> {
                if (current != expected) {
                    yield false;
                }
                store(entry, operand);
                yield true;
            }
            default -> throw new IllegalStateException("unknown counter update kind " + kind + " for counter '"
                    + entry.getKey() + "'");
        };
    }

    private long store(Map.Entry<String, Long> entry, long value) {
        entry.setValue(value);
        stored = value;
        return value;
    }

    @Override
    public EntryProcessor<String, Long, Object> getBackupProcessor() {
        Long value = stored;
        return value == null ? null : new CounterBackup(value);
    }

    @Override
    public int getFactoryId() {
        return CounterSerializationFactory.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return CounterSerializationFactory.COUNTER_UPDATE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeInt(kind);
        out.writeLong(operand);
        out.writeLong(expected);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        kind = in.readInt();
        operand = in.readLong();
        expected = in.readLong();
    }
}
