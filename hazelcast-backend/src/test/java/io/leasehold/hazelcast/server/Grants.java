package io.leasehold.hazelcast.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every grant seen: fence per lock and the acquisition it went to. */
final class Grants {
    final Map<String, Map<Long, String>> byLock = new ConcurrentHashMap<>();
    final Map<String, List<long[]>> times = new ConcurrentHashMap<>();
    final List<String> repeats = java.util.Collections.synchronizedList(new ArrayList<>());

    /** The fenced resource: the highest fence written per lock, and the writes it refused (a lower fence). */
    final Map<String, Long> resource = new ConcurrentHashMap<>();
    final List<Long> refusedWrites = java.util.Collections.synchronizedList(new ArrayList<>());

    long refusedSince(long nanos) {
        synchronized (refusedWrites) {
            return refusedWrites.stream().filter(t -> t - nanos >= 0).count();
        }
    }

    void granted(String lock, long fence, String acquisition) {
        synchronized (resource) {
            long last = resource.getOrDefault(lock, 0L);
            if (fence < last) {
                refusedWrites.add(System.nanoTime());
            } else {
                resource.put(lock, fence);
            }
        }
        String before = byLock.computeIfAbsent(lock, k -> new ConcurrentHashMap<>()).putIfAbsent(fence, acquisition);
        if (before != null && !before.equals(acquisition)) {
            repeats.add(lock + " fence " + fence + " to " + before + " and " + acquisition);
        }
        times.computeIfAbsent(lock, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(new long[] {System.nanoTime(), fence});
    }

    Map<String, Long> highest() {
        Map<String, Long> out = new ConcurrentHashMap<>();
        byLock.forEach((lock, fences) -> out.put(lock, fences.keySet().stream().mapToLong(Long::longValue).max().orElse(0)));
        return out;
    }

    Map<String, Long> lowestSince(long nanos) {
        Map<String, Long> out = new ConcurrentHashMap<>();
        times.forEach((lock, list) -> {
            synchronized (list) {
                list.stream().filter(t -> t[0] - nanos >= 0).mapToLong(t -> t[1]).min()
                        .ifPresent(min -> out.put(lock, min));
            }
        });
        return out;
    }
}

