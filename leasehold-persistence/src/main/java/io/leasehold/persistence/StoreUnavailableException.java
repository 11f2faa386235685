package io.leasehold.persistence;

import com.hazelcast.core.HazelcastException;

/**
 * The store could not be read or written: the call that needed it failed, and nothing of it was
 * kept, in the store or in memory (a write-through store is written before the member's memory).
 * The message names the table, the key and what was attempted. A Hazelcast exception, so Leasehold
 * reports the call as failed, not as of unknown outcome.
 */
public class StoreUnavailableException extends HazelcastException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
