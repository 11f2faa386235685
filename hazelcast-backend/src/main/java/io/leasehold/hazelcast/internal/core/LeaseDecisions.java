package io.leasehold.hazelcast.internal.core;

import io.vavr.control.Either;
import io.vavr.control.Option;

import java.util.Collection;
import java.util.Set;

/**
 * The lease state machine: pure functions from (record, request, now) to the next record or a
 * failure. Deadlines use saturating arithmetic, so a clock near {@code Long.MAX_VALUE} cannot wrap
 * a deadline into the past.
 */
public final class LeaseDecisions {

    /**
     * How fast a member's decision clock may run against real time while it slews toward cluster
     * time: 1% of elapsed time, either way (the member's {@code MemberClock} uses this bound).
     */
    public static final double MAX_SLEW = 0.01;

    private LeaseDecisions() {
    }

    /** The most a grant or renew adds to a TTL for the clock's slew (see {@link #slack}). */
    public static final long MAX_SLACK_MILLIS = 500;

    /**
     * What a grant or renew adds to the TTL on the member's clock so the lease lasts at least its TTL
     * in real time while the clock slews: a clock running {@link #MAX_SLEW} fast reaches
     * {@code now + ttl + slack} no sooner than {@code ttl} later, and the extra millisecond covers the
     * clock's millisecond truncation. A clock correction may lengthen a lease, never shorten it.
     *
     * <p>Capped at {@link #MAX_SLACK_MILLIS}: for TTLs up to 50 s the bound holds whatever the slew;
     * a longer lease could end early only on a member whose clock slews forward for over 50 s of its
     * life, that is one whose wall clock is that far behind the cluster's (not a member whose clock is
     * right, whose slews are milliseconds). Without the cap a dead holder's 2-hour lease would keep its
     * locks 72 s past its TTL.
     */
    public static long slack(long ttl) {
        return Math.min((long) Math.ceil(ttl * MAX_SLEW), MAX_SLACK_MILLIS) + 1;
    }

    /**
     * The least margin a holder keeps, whatever its {@code safetyMargin}, on top of the clocks' rate
     * difference: the timer's resolution (the holder's clock is read in nanoseconds, the members' in
     * whole milliseconds). The round trip needs nothing: the holder's validity counts from the send.
     */
    public static final long HOLDER_RESOLUTION_MILLIS = 2;

    /**
     * The margin, in nanoseconds, a holder takes off a lease of {@code ttlMillis} confirmed by one
     * request: {@code safetyMargin} of the TTL, and never less than what it must cover, the clocks' rate
     * difference over the TTL ({@link #MAX_SLEW}) plus {@link #HOLDER_RESOLUTION_MILLIS}. It never
     * grows with a short TTL beyond that, so a lease is valid on its holder for most of its TTL from the
     * send: 90 ms of a 100 ms lease, 180 ms of a 200 ms one, with the default margin of 0.1.
     */
    public static long holderMarginNanos(long ttlMillis, double safetyMargin) {
        long fraction = (long) (ttlMillis * safetyMargin * 1_000_000L);
        long floor = ((long) Math.ceil(ttlMillis * MAX_SLEW) + HOLDER_RESOLUTION_MILLIS) * 1_000_000L;
        return Math.max(fraction, floor);
    }

    /** The deadline a grant or renew at {@code now} sets: the TTL plus the slew's {@link #slack}. */
    public static long deadline(long now, long ttl) {
        return Time.add(Time.add(now, ttl), slack(ttl));
    }

    /**
     * The time left that a lease's holder may count on, in real time, from {@code now}: the deadline
     * less the slack, so a lease just granted reports its TTL, never more.
     */
    public static long promisedRemaining(LeaseRecord r, long now) {
        return Math.max(0, Time.subtract(Time.remaining(r.deadline(), now), slack(r.ttl())));
    }

    /** Why a lease operation was refused. */
    public enum Failure {
        /** No record: never granted, revoked, or expired and revoked. */
        NOT_FOUND,
        /** The record is still there but its deadline has passed. */
        EXPIRED,
        /** Revoke-if-expired found the deadline not reached (a stale heap entry). */
        NOT_DUE,
        /** Grant found the id taken (a random id collided). */
        ID_TAKEN,
        /** Grant asked for a TTL above the maximum. */
        TTL_TOO_LONG,
        /** Grant asked for a TTL below the minimum. */
        TTL_TOO_SHORT
    }

    /** TTL policy of the members: a TTL below the minimum or above the maximum is refused, never changed. */
    public record TtlPolicy(long minTtl, long maxTtl) {
        public TtlPolicy {
            if (minTtl <= 0 || maxTtl < minTtl) {
                throw new IllegalArgumentException("TTL bounds must satisfy 0 < min <= max, got min=" + minTtl
                        + " ms, max=" + maxTtl + " ms");
            }
        }
    }

    public static Either<Failure, LeaseRecord> grant(LeaseRecord existing, long ttl, long ownerTag, TtlPolicy policy,
                                                     long now) {
        if (existing != null) {
            // A retried grant (its first answer was lost) finds its own record: the same owner tag.
            // Ids are random 64-bit values, so another instance's lease under this id is all but impossible.
            return ownerTag != 0 && existing.getOwnerTag() == ownerTag && existing.ttl() == ttl
                    ? Either.right(existing) : Either.left(Failure.ID_TAKEN);
        }
        if (ttl > policy.maxTtl()) {
            return Either.left(Failure.TTL_TOO_LONG);
        }
        if (ttl < policy.minTtl()) {
            return Either.left(Failure.TTL_TOO_SHORT);
        }
        return Either.right(new LeaseRecord(ttl, deadline(now, ttl), ownerTag, Set.of()));
    }

    public static Either<Failure, LeaseRecord> renew(LeaseRecord current, long now) {
        return live(current, now).map(r -> r.withDeadline(deadline(now, r.ttl())));
    }

    /** Explicit revoke: any existing record, expired or not, goes. Right holds the removed record. */
    public static Either<Failure, LeaseRecord> revoke(LeaseRecord current) {
        return current == null ? Either.left(Failure.NOT_FOUND) : Either.right(current);
    }

    /** The revoker's revoke: only once the deadline (and any grace) has passed. */
    public static Either<Failure, LeaseRecord> revokeIfExpired(LeaseRecord current, long notBefore, long now) {
        if (current == null) {
            return Either.left(Failure.NOT_FOUND);
        }
        if (!current.isExpired(now) || now < notBefore) {
            return Either.left(Failure.NOT_DUE);
        }
        return Either.right(current);
    }

    public static Either<Failure, LeaseRecord> attach(LeaseRecord current, Collection<String> keys, long now) {
        return live(current, now).map(r -> r.keys().containsAll(keys) ? r : r.withKeys(keys, Set.of()));
    }

    public static Either<Failure, LeaseRecord> detach(LeaseRecord current, Collection<String> keys, long now) {
        return live(current, now).map(r -> r.withKeys(Set.of(), keys));
    }

    /** The record if it exists and its deadline has not passed. */
    public static Either<Failure, LeaseRecord> live(LeaseRecord current, long now) {
        if (current == null) {
            return Either.left(Failure.NOT_FOUND);
        }
        if (current.isExpired(now)) {
            return Either.left(Failure.EXPIRED);
        }
        return Either.right(current);
    }

    /**
     * A lease a member finds without tracking it arrived by promotion or migration: its deadline is
     * raised to at least now + grace (etcd's {@code Promote(extend)}), so its holder can renew before
     * the new owner revokes it. Only a lease that ran out during the take-over (less than one TTL ago)
     * gets the grace: one that expired long before was dead already, and its holder knew it. Empty
     * when the record stays as it is.
     *
     * <p>A lease read back from a store after a restart of the whole cluster ({@link LeaseRecord#isRecovered})
     * gets a full TTL from now plus the grace, as etcd's lessor extends every lease it recovers: its
     * holder, cut off while no member ran, can renew before anything expires.
     */
    public static Option<LeaseRecord> adopt(LeaseRecord current, long graceMillis, long now) {
        if (current.isRecovered()) {
            return Option.some(current.withDeadline(Time.add(deadline(now, current.ttl()), graceMillis)));
        }
        long graceUntil = Time.add(now, graceMillis);
        if (current.deadline() < graceUntil && Time.subtract(now, current.deadline()) < current.ttl()) {
            return Option.some(current.withDeadline(graceUntil));
        }
        return Option.none();
    }
}
