package io.leasehold;

/** A write carried a fence lower than one the resource has already accepted: its writer lost the lock. */
public class StaleFenceException extends IllegalStateException {

    private final String resource;
    private final long fence;
    private final long highest;

    public StaleFenceException(String resource, long fence, long highest) {
        super("resource '" + resource + "': fence " + fence + " is stale, fence " + highest + " was already accepted");
        this.resource = resource;
        this.fence = fence;
        this.highest = highest;
    }

    public String resource() {
        return resource;
    }

    public long fence() {
        return fence;
    }

    public long highest() {
        return highest;
    }
}
