package io.leasehold.hazelcast.internal.client;

import com.hazelcast.client.impl.clientside.HazelcastClientInstanceImpl;
import com.hazelcast.client.impl.clientside.HazelcastClientProxy;
import com.hazelcast.client.impl.protocol.ClientMessage;
import com.hazelcast.client.impl.protocol.codec.MapExecuteOnKeyCodec;
import com.hazelcast.client.impl.spi.impl.ClientInvocation;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.util.ConcurrencyUtil;
import com.hazelcast.internal.util.ThreadUtil;
import com.hazelcast.map.EntryProcessor;

import java.util.function.BiConsumer;

/**
 * On a client: an entry processor sent as the same request {@code IMap.executeOnKey} sends, without the
 * map proxy's future. {@code IMap.submitToKey}'s future completes through Hazelcast's default async
 * executor, which starts a thread for every answer when the common pool has one thread (2 cores or
 * fewer); the callback given here runs on the thread that reads the answer (the client's I/O or
 * response thread), so it must not block.
 */
final class ClientEntryCalls {

    private final HazelcastClientInstanceImpl client;

    private ClientEntryCalls(HazelcastClientInstanceImpl client) {
        this.client = client;
    }

    /** Null unless {@code hz} is a Hazelcast client this build knows how to reach inside. */
    static ClientEntryCalls find(HazelcastInstance hz) {
        return hz instanceof HazelcastClientProxy proxy && proxy.client != null ? new ClientEntryCalls(proxy.client) : null;
    }

    /** Sends {@code processor} to {@code key} of {@code mapName}; {@code onAnswer} gets the answer or the failure. */
    void executeOnKey(String mapName, Object key, EntryProcessor<?, ?, ?> processor,
                      BiConsumer<Object, Throwable> onAnswer) {
        SerializationService serialization = client.getSerializationService();
        Data dataKey = serialization.toData(key);
        int partitionId = client.getClientPartitionService().getPartitionId(dataKey);
        ClientMessage request = MapExecuteOnKeyCodec.encodeRequest(mapName, serialization.toData(processor), dataKey,
                ThreadUtil.getThreadId());
        new ClientInvocation(client, request, mapName, partitionId).invoke().whenCompleteAsync((answer, error) -> {
            Object reply = null;
            Throwable failure = error;
            if (failure == null) {
                try {
                    reply = serialization.toObject(MapExecuteOnKeyCodec.decodeResponse(answer));
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            onAnswer.accept(reply, failure);
        }, ConcurrencyUtil.CALLER_RUNS);
    }
}
