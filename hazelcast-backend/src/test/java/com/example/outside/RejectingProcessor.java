package com.example.outside;

import com.hazelcast.map.EntryProcessor;

import java.util.Map;

/** An application's own entry processor (plain Java serialization) that refuses every order it sees. */
public final class RejectingProcessor implements EntryProcessor<String, Object, Object> {
    private static final long serialVersionUID = 1L;

    @Override
    public Object process(Map.Entry<String, Object> entry) {
        throw new OrderRejected("order " + entry.getKey() + " is over the limit");
    }
}
