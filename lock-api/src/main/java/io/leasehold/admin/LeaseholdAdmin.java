package io.leasehold.admin;

import io.leasehold.LeaseNotFoundException;
import io.leasehold.LockException;

import java.util.List;
import java.util.Optional;

/**
 * Operator's view of a cluster: what is leased, locked and held (semaphore permits, read-write
 * holds), by whom, and the ways out of trouble (revoke a lease, force one lock or its holds free). Meant for tools and humans, not hot paths.
 *
 * <p><b>Listing is paged.</b> {@link #leases} and {@link #locks} return at most {@code pageSize} rows
 * and a cursor to pass back for the next page ({@link Page#nextCursor()} empty at the end). A page is
 * a few bounded calls to the members, never a scan shipped in one reply, so listing is safe on a
 * cluster holding millions of leases. Rows come in a stable order (by partition, then by key); a
 * row created or removed while paging may or may not appear, as in any live listing.
 *
 * <p>Lease ids appear in tools in hexadecimal ({@link io.leasehold.LeaseException#format}); parse them
 * with {@link #parseLeaseId}.
 */
public interface LeaseholdAdmin {

    /** The largest page a call may ask for. */
    int MAX_PAGE_SIZE = 10_000;

    /**
     * One page of live leases.
     *
     * @param cursor   empty or null for the first page, else a {@link Page#nextCursor()} from the page before
     * @param pageSize 1 to {@link #MAX_PAGE_SIZE}
     * @throws IllegalArgumentException if the page size is out of range or the cursor is not one this API made
     */
    Page<LeaseView> leases(String cursor, int pageSize);

    /**
     * A lease: its TTLs, holder label, attached keys, and the locks it holds now.
     *
     * @throws LeaseNotFoundException if the lease is unknown, expired or revoked
     */
    LeaseDetail lease(long leaseId);

    /** One page of held locks (free lock records are skipped). Same cursor rules as {@link #leases}. */
    Page<LockView> locks(String cursor, int pageSize);

    /** The lock, if someone holds it now. */
    Optional<LockView> lock(String name);

    /**
     * Revokes the lease: every lock it holds is freed (handed to the next waiter) and its holder's
     * lock-lost listeners are told.
     *
     * @throws LeaseNotFoundException if the lease is unknown, expired or revoked
     */
    void revoke(long leaseId);

    /**
     * Frees one lock whatever its holder: the fence moves on (so the resource refuses the old holder's
     * writes), the next live waiter gets the lock, and the old holder's instance is told that its hold
     * is lost (its handle turns invalid and its lock-lost listeners fire). The old holder's lease is
     * left alone, with every other lock it holds.
     *
     * @return what was released and who holds the lock now
     * @throws LockException if nobody holds the lock; nothing changes
     */
    ForcedRelease forceRelease(String name);

    /**
     * One page of semaphores and read-write locks that are held or waited on (initialised names with
     * nobody holding or waiting are skipped). Same cursor rules as {@link #leases}; each row carries
     * every hold of its name.
     */
    Page<HoldsView> holds(String cursor, int pageSize);

    /** The semaphore or read-write lock, if anyone holds or waits on it now. */
    Optional<HoldsView> holds(HoldKind kind, String name);

    /**
     * Frees the holds on one semaphore or read-write lock whatever their holders: every hold of the
     * name ({@code leaseId} 0), or only those of one lease. The fence moves on with the next grant, the
     * waiters that now fit are served inside the same step, and the released leases stop waiting on the
     * name. The leases themselves are left alone, with everything else they hold. A holder is not told
     * at once: its release finds nothing to release ({@link io.leasehold.LockNotHeldException} or
     * {@link io.leasehold.PermitsNotHeldException}).
     *
     * @throws LockException if nothing matching holds the name; nothing changes
     */
    ForcedHoldRelease forceReleaseHolds(HoldKind kind, String name, long leaseId);

    /**
     * Frees every semaphore permit and read-write hold of one lease on every name, as
     * {@link #forceReleaseHolds} does for one name; the lease and its locks stay.
     *
     * @return what was released, by name (empty if the lease held none)
     */
    List<ForcedHoldRelease> forceReleaseHoldsOf(long leaseId);

    /**
     * Parses a lease id as tools print it: hexadecimal (up to 16 digits, two's complement for the
     * upper half), with or without a {@code 0x} or {@code lease } prefix.
     *
     * @throws IllegalArgumentException naming the text if it is not a lease id
     */
    static long parseLeaseId(String text) {
        if (text == null) {
            throw new IllegalArgumentException("lease id is missing");
        }
        String s = text.trim();
        if (s.startsWith("lease ")) {
            s = s.substring(6).trim();
        }
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        try {
            if (s.isEmpty() || s.length() > 16 || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new NumberFormatException();
            }
            long id = Long.parseUnsignedLong(s, 16);
            if (id == 0) {
                throw new IllegalArgumentException("lease id '" + text + "': 0 is never a lease id");
            }
            return id;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("lease id '" + text + "' is not a hexadecimal lease id"
                    + " (up to 16 hex digits, as tools print them)");
        }
    }
}
