package io.leasehold;

/** Something is wrong with a lease. The message names the lease. */
public class LeaseException extends IllegalStateException {

    private final long leaseId;

    public LeaseException(long leaseId, String message) {
        super(message);
        this.leaseId = leaseId;
    }

    /** The lease concerned. */
    public long leaseId() {
        return leaseId;
    }

    /** How lease ids appear in messages: hexadecimal, as the demo and tools print them. */
    public static String format(long leaseId) {
        return "lease " + Long.toHexString(leaseId);
    }
}
