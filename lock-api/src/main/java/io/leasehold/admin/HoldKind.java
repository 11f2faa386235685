package io.leasehold.admin;

/** What kind of name a {@link HoldsView} is: a semaphore, or a read-write lock. */
public enum HoldKind {
    /** A {@link io.leasehold.LeaseSemaphore}: holds count permits. */
    SEMAPHORE,
    /** A {@link io.leasehold.LeaseReadWriteLock}: holds are shared (count 1) or exclusive. */
    READ_WRITE;

    /** How tools name it: {@code semaphore} or {@code rwlock}. */
    public String label() {
        return this == SEMAPHORE ? "semaphore" : "rwlock";
    }

    /**
     * The kind a tool's label names ({@code semaphore}, {@code rwlock}; case ignored).
     *
     * @throws IllegalArgumentException naming the text if it is neither
     */
    public static HoldKind parse(String text) {
        for (HoldKind k : values()) {
            if (k.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return k;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a kind of hold: semaphore or rwlock");
    }
}
