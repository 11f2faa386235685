package io.leasehold.hazelcast.internal.member;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.util.ConcurrencyUtil;
import com.hazelcast.internal.util.ThreadUtil;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.impl.MapService;
import com.hazelcast.map.impl.MapEntries;
import com.hazelcast.map.impl.operation.MapOperation;
import com.hazelcast.map.impl.operation.MapOperationProvider;
import com.hazelcast.spi.impl.NodeEngine;
import com.hazelcast.spi.impl.operationservice.Operation;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An entry processor sent by an instance on this member as the same partition operation
 * {@code IMap.executeOnKey} sends, without the map proxy's future. That future, on a member, chains
 * its completion through Hazelcast's default async executor (a new thread per completion when the
 * common pool has one thread, on 2 cores); the callback given here runs on the thread that
 * receives the answer (the partition thread for a local partition, a response thread otherwise), so
 * the callback must not block.
 */
final class LocalEntryCalls {

    private final NodeEngine nodeEngine;

    LocalEntryCalls(NodeEngine nodeEngine) {
        this.nodeEngine = nodeEngine;
    }

    /**
     * Sends {@code processor} to {@code key} of {@code mapName}; {@code onAnswer} gets the answer
     * deserialized, or the call's failure, on the thread that receives it.
     */
    void executeOnKey(String mapName, Object key, EntryProcessor<?, ?, ?> processor,
                      BiConsumer<Object, Throwable> onAnswer) {
        Data dataKey = nodeEngine.toData(key);
        MapOperation operation = operations(mapName).createEntryOperation(mapName, dataKey, processor);
        operation.setThreadId(ThreadUtil.getThreadId());
        int partitionId = nodeEngine.getPartitionService().getPartitionId(dataKey);
        nodeEngine.getOperationService().invokeOnPartition(MapService.SERVICE_NAME, operation, partitionId)
                .whenCompleteAsync((response, error) -> onAnswer.accept(error != null ? null : nodeEngine.toObject(response),
                        error), ConcurrencyUtil.CALLER_RUNS);
    }

    /**
     * {@code IMap.submitToKeys} without the map proxy's future (which completes through Hazelcast's
     * default async executor: a new thread per call on 2 cores): one operation per partition, and
     * {@code onAnswer} gets every key's answer, or the first failure, on the thread that receives the
     * last partition's answer, so it must not block.
     */
    <K, R> void executeOnKeys(String mapName, Set<K> keys, EntryProcessor<K, ?, R> processor,
                              BiConsumer<Map<K, R>, Throwable> onAnswer) {
        Map<Integer, Set<Data>> byPartition = new HashMap<>();
        for (K key : keys) {
            Data dataKey = nodeEngine.toData(key);
            byPartition.computeIfAbsent(nodeEngine.getPartitionService().getPartitionId(dataKey), p -> new HashSet<>())
                    .add(dataKey);
        }
        if (byPartition.isEmpty()) {
            onAnswer.accept(Map.of(), null);
            return;
        }
        Map<K, R> answers = new HashMap<>();
        int[] left = {byPartition.size()};
        Throwable[] failure = new Throwable[1];
        byPartition.forEach((partitionId, partitionKeys) -> {
            Operation operation = operations(mapName)
                    .createMultipleEntryOperationFactory(mapName, partitionKeys, processor).createOperation();
            nodeEngine.getOperationService().invokeOnPartition(MapService.SERVICE_NAME, operation, partitionId)
                    .whenCompleteAsync((response, error) -> {
                        synchronized (answers) {
                            if (error != null && failure[0] == null) {
                                failure[0] = error;
                            } else if (response instanceof MapEntries entries) {
                                entries.putAllToMap(nodeEngine.getSerializationService(), answers);
                            }
                            if (--left[0] == 0) {
                                onAnswer.accept(failure[0] == null ? answers : null, failure[0]);
                            }
                        }
                    }, ConcurrencyUtil.CALLER_RUNS);
        });
    }

    /**
     * {@code IMap.set(key, value)} with the map's own TTL, sent and not waited for: nothing is chained on
     * its answer. {@code IMap.setAsync} wraps its answer in a future that completes through Hazelcast's
     * default async executor, which starts a thread for every completion when the common pool has one
     * thread (2 cores or fewer), even when nobody listens to it.
     */
    void setAndForget(String mapName, Object key, Object value) {
        Data dataKey = nodeEngine.toData(key);
        Data dataValue = nodeEngine.toData(value);
        MapOperation operation = operations(mapName).createSetOperation(mapName, dataKey, dataValue, -1, -1);
        operation.setThreadId(ThreadUtil.getThreadId());
        int partitionId = nodeEngine.getPartitionService().getPartitionId(dataKey);
        nodeEngine.getOperationService().invokeOnPartition(MapService.SERVICE_NAME, operation, partitionId);
    }

    private MapOperationProvider operations(String mapName) {
        return nodeEngine.<MapService>getService(MapService.SERVICE_NAME).getMapServiceContext()
                .getMapOperationProvider(mapName);
    }
}
