package io.leasehold.persistence;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.nio.BufferObjectDataInput;
import com.hazelcast.internal.nio.BufferObjectDataOutput;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.impl.SerializationServiceSupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * A record's bytes in the store: its class id, then what its {@code writeData} writes (the form its
 * backups receive), through the member's own serialization service. The class id lets a row that
 * holds another record be refused, not misread.
 */
final class RecordCodec {

    private final InternalSerializationService serialization;

    private RecordCodec(InternalSerializationService serialization) {
        this.serialization = serialization;
    }

    static RecordCodec of(HazelcastInstance member) {
        if (!(member instanceof SerializationServiceSupport support)) {
            throw new IllegalStateException("Leasehold persistence runs on a member, not on " + member.getClass().getName());
        }
        return new RecordCodec((InternalSerializationService) support.getSerializationService());
    }

    byte[] write(IdentifiedDataSerializable record) {
        BufferObjectDataOutput out = serialization.createObjectDataOutput();
        try {
            out.writeInt(record.getClassId());
            record.writeData(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            close(out);
        }
    }

    <V extends IdentifiedDataSerializable> V read(byte[] bytes, Supplier<V> blank, String what) {
        V record = blank.get();
        BufferObjectDataInput in = serialization.createObjectDataInput(bytes);
        try {
            int classId = in.readInt();
            if (classId != record.getClassId()) {
                throw new IllegalStateException(what + " holds a record of class id " + classId + ", expected "
                        + record.getClassId() + " (" + record.getClass().getSimpleName() + ")");
            }
            record.readData(in);
            return record;
        } catch (IOException e) {
            throw new IllegalStateException(what + " holds bytes that are not a "
                    + record.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static void close(BufferObjectDataOutput out) {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
