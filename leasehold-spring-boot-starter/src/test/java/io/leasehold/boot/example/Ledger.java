package io.leasehold.boot.example;

/**
 * The resource the example application writes under its locks (a table with a last_fence column, say):
 * it keeps the highest fence per key and refuses a write that carries a lower one.
 */
public interface Ledger {

    void write(String key, long fence);
}
