package com.example.outside;

import com.hazelcast.map.EntryProcessor;

import java.util.Map;

/** An application's own entry processor outside Leasehold's serialization filter: plain Java serialization from another package. */
public final class Intruder implements EntryProcessor<String, Object, Object> {
    @Override
    public Object process(Map.Entry<String, Object> entry) {
        entry.setValue(null);
        return "ran on the member";
    }
}
