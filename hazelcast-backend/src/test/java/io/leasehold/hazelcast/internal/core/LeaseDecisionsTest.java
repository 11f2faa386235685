package io.leasehold.hazelcast.internal.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Set;

import static io.leasehold.hazelcast.internal.core.LeaseDecisions.Failure.*;
import static org.junit.jupiter.api.Assertions.*;

/** The lease state machine with plain numbers for time, including clocks at awkward values. */
class LeaseDecisionsTest {

    private static final LeaseDecisions.TtlPolicy POLICY = new LeaseDecisions.TtlPolicy(100, 60_000);

    @ParameterizedTest
    @ValueSource(longs = {0, 1_700_000_000_000L, Long.MAX_VALUE - 60_000, Long.MAX_VALUE - 1, Long.MIN_VALUE + 5})
    void grantRenewAndExpireAtAnyClock(long now) {
        LeaseRecord r = LeaseDecisions.grant(null, 1_000, 7, POLICY, now).get();
        assertEquals(1_000, r.ttl());
        assertEquals(Time.add(now, 1_000 + LeaseDecisions.slack(1_000)), r.deadline());
        assertTrue(r.deadline() >= now, "deadline wrapped into the past");
        assertFalse(r.isExpired(now));
        LeaseRecord renewed = LeaseDecisions.renew(r, now).get();
        assertTrue(renewed.deadline() >= r.deadline());
        if (renewed.deadline() < Long.MAX_VALUE) {
            assertEquals(EXPIRED, LeaseDecisions.renew(renewed, renewed.deadline()).getLeft());
        }
    }

    @Test
    void ttlBelowMinimumOrAboveMaximumIsRefusedNeverChanged() {
        assertEquals(TTL_TOO_SHORT, LeaseDecisions.grant(null, 1, 0, POLICY, 0).getLeft());
        assertEquals(TTL_TOO_SHORT, LeaseDecisions.grant(null, 0, 0, POLICY, 0).getLeft());
        assertEquals(100, LeaseDecisions.grant(null, 100, 0, POLICY, 0).get().ttl());
        assertEquals(TTL_TOO_LONG, LeaseDecisions.grant(null, 60_001, 0, POLICY, 0).getLeft());
        assertThrows(IllegalArgumentException.class, () -> new LeaseDecisions.TtlPolicy(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new LeaseDecisions.TtlPolicy(10, 5));
    }

    @Test
    void aDeadlineCarriesTheSlewsSlackSoAFastClockCannotEndALeaseEarly() {
        for (long ttl : new long[] {1, 99, 100, 700, 1_000, 50_000}) {
            long now = Long.MAX_VALUE / 4;
            LeaseRecord granted = LeaseDecisions.grant(null, Math.max(ttl, 100), 0, POLICY, now).get();
            long t = granted.ttl();
            assertEquals(now + t + LeaseDecisions.slack(t), granted.deadline());
            // A clock running MAX_SLEW fast reaches the deadline no sooner than the TTL in real time.
            assertTrue((granted.deadline() - now) / (1 + LeaseDecisions.MAX_SLEW) >= t, "ttl " + t);
            LeaseRecord renewed = LeaseDecisions.renew(granted, now + 10).get();
            assertTrue((renewed.deadline() - now - 10) / (1 + LeaseDecisions.MAX_SLEW) >= t, "ttl " + t);
            // What a holder is told it may count on is the TTL, never more.
            assertEquals(t, LeaseDecisions.promisedRemaining(granted, now));
        }
        assertEquals(Long.MAX_VALUE, LeaseDecisions.deadline(Long.MAX_VALUE - 5, 1_000));
        // Past 50 s the slack stops growing: a dead holder's long lease does not linger for 1% of it.
        assertEquals(LeaseDecisions.MAX_SLACK_MILLIS + 1, LeaseDecisions.slack(2 * 3_600_000L));
        assertEquals(LeaseDecisions.MAX_SLACK_MILLIS + 1, LeaseDecisions.slack(50_001));
    }

    @Test
    void grantOnATakenIdIsRefused() {
        LeaseRecord r = LeaseDecisions.grant(null, 1_000, 0, POLICY, 0).get();
        assertEquals(ID_TAKEN, LeaseDecisions.grant(r, 1_000, 0, POLICY, 0).getLeft());
    }

    @Test
    void aRetriedGrantFindsItsOwnRecordAndAnotherOwnersIdIsTaken() {
        LeaseRecord r = LeaseDecisions.grant(null, 1_000, 42, POLICY, 0).get();
        assertSame(r, LeaseDecisions.grant(r, 1_000, 42, POLICY, 500).get(), "the retry answers the first grant");
        assertEquals(ID_TAKEN, LeaseDecisions.grant(r, 1_000, 43, POLICY, 500).getLeft());
        assertEquals(ID_TAKEN, LeaseDecisions.grant(r, 2_000, 42, POLICY, 500).getLeft());
    }

    @Test
    void unknownLeasesAreNotFound() {
        assertEquals(NOT_FOUND, LeaseDecisions.renew(null, 0).getLeft());
        assertEquals(NOT_FOUND, LeaseDecisions.revoke(null).getLeft());
        assertEquals(NOT_FOUND, LeaseDecisions.attach(null, List.of("k"), 0).getLeft());
        assertEquals(NOT_FOUND, LeaseDecisions.live(null, 0).getLeft());
    }

    @Test
    void revokeIfExpiredWaitsForDeadlineAndGrace() {
        LeaseRecord r = LeaseDecisions.grant(null, 1_000, 0, POLICY, 0).get();
        // The deadline is the TTL plus the slew's slack (1% + 1 ms): 1,011.
        assertEquals(NOT_DUE, LeaseDecisions.revokeIfExpired(r, Long.MIN_VALUE, 1_010).getLeft());
        assertTrue(LeaseDecisions.revokeIfExpired(r, Long.MIN_VALUE, 1_011).isRight());
        assertEquals(NOT_DUE, LeaseDecisions.revokeIfExpired(r, 1_500, 1_200).getLeft(), "grace must hold");
        assertTrue(LeaseDecisions.revokeIfExpired(r, 1_500, 1_500).isRight());
    }

    @Test
    void attachAndDetachChangeKeysOnlyWhileLive() {
        LeaseRecord r = LeaseDecisions.grant(null, 1_000, 0, POLICY, 0).get();
        LeaseRecord a = LeaseDecisions.attach(r, List.of("x", "y"), 10).get();
        assertEquals(Set.of("x", "y"), a.keys());
        assertSame(a, LeaseDecisions.attach(a, List.of("x"), 11).get(), "attaching again changes nothing");
        assertEquals(Set.of("y"), LeaseDecisions.detach(a, List.of("x", "zz"), 12).get().keys());
        assertEquals(EXPIRED, LeaseDecisions.attach(a, List.of("q"), 1_011).getLeft());
        assertEquals(a.keys(), LeaseDecisions.revoke(a).get().keys());
    }

    @Test
    void saturatingTimeArithmetic() {
        assertEquals(Long.MAX_VALUE, Time.add(Long.MAX_VALUE - 1, 10));
        assertEquals(Long.MIN_VALUE, Time.add(Long.MIN_VALUE + 1, -10));
        assertEquals(Long.MAX_VALUE, Time.subtract(Long.MAX_VALUE, -1));
        assertEquals(Long.MIN_VALUE, Time.subtract(Long.MIN_VALUE, 1));
        assertEquals(0, Time.remaining(5, 10));
        assertEquals(Long.MAX_VALUE, Time.remaining(Long.MAX_VALUE, Long.MIN_VALUE));
    }

    @Test
    void adoptGivesAGraceOnlyToALeaseThatRanOutDuringTheTakeOver() {
        LeaseRecord r = new LeaseRecord(1_000, 1_000, 7, Set.of());   // deadline 1_000
        // Still alive, ending before now + grace: raised to now + grace.
        assertEquals(900 + 500, LeaseDecisions.adopt(r, 500, 900).get().deadline());
        // Alive past now + grace: left alone (adopt never shortens a lease).
        assertTrue(LeaseDecisions.adopt(r, 500, 100).isEmpty());
        assertTrue(LeaseDecisions.adopt(r, 500, 500).isEmpty(), "a deadline at exactly now + grace stays");
        // Ran out less than one TTL ago: raised.
        assertEquals(1_999 + 500, LeaseDecisions.adopt(r, 500, 1_999).get().deadline());
        // Ran out one TTL ago or more: dead already, its holder knew it.
        assertTrue(LeaseDecisions.adopt(r, 500, 2_000).isEmpty());
        assertTrue(LeaseDecisions.adopt(r, 500, Long.MAX_VALUE).isEmpty());
        // A zero grace gives no time: an expired lease stays expired.
        assertTrue(LeaseDecisions.adopt(r, 0, 1_500).getOrElse(r).isExpired(1_500));
        assertTrue(LeaseDecisions.adopt(r, 0, 900).isEmpty());
        LeaseRecord adopted = LeaseDecisions.adopt(r.withDeadline(1_000), 500, 1_200).get();
        assertEquals(r.ttl(), adopted.ttl());
        assertEquals(r.getOwnerTag(), adopted.getOwnerTag());
        assertEquals(r.keys(), adopted.keys());
    }

    @Test
    void aLeaseReadBackFromAStoreGetsAFullTtlAndTheGrace() {
        // Its stored deadline was on the clock of a cluster that is gone: the new owner counts from now.
        LeaseRecord r = new LeaseRecord(1_000, LeaseRecord.RECOVERED, 7, Set.of("k"));
        assertTrue(r.isRecovered());
        LeaseRecord adopted = LeaseDecisions.adopt(r, 500, 10_000).get();
        assertEquals(10_000 + 1_000 + LeaseDecisions.slack(1_000) + 500, adopted.deadline());
        assertEquals(1_000 + 500, LeaseDecisions.promisedRemaining(adopted, 10_000), "its TTL plus the grace");
        assertFalse(adopted.isRecovered());
        assertEquals(r.keys(), adopted.keys());
        assertEquals(r.getOwnerTag(), adopted.getOwnerTag());
        // Near the end of time it saturates, never wraps into the past.
        assertEquals(Long.MAX_VALUE, LeaseDecisions.adopt(r, 500, Long.MAX_VALUE - 10).get().deadline());
        // Adopted once, the ordinary rule applies: a second adoption leaves it alone.
        assertTrue(LeaseDecisions.adopt(adopted, 500, 10_000).isEmpty());
    }

    @Test
    void adoptNearTheEndOfTimeSaturates() {
        long now = Long.MAX_VALUE - 100;
        LeaseRecord r = new LeaseRecord(50, now + 50, 7, Set.of("k"));
        assertEquals(Long.MAX_VALUE, LeaseDecisions.adopt(r, 10_000, now).get().deadline(), "now + grace saturates");
        LeaseRecord farPast = new LeaseRecord(1_000, Long.MIN_VALUE + 10, 7, Set.of());
        assertTrue(LeaseDecisions.adopt(farPast, 10_000, Long.MAX_VALUE).isEmpty(), "expired long ago stays expired");
        LeaseRecord justNow = new LeaseRecord(1_000, Long.MIN_VALUE + 10, 7, Set.of());
        assertEquals(Long.MIN_VALUE + 500, LeaseDecisions.adopt(justNow, 490, Long.MIN_VALUE + 10).get().deadline());
    }

    @Test
    void aRenewalAfterAGraceLongerThanTheTtlCountsFromNow() {
        // As etcd's Renew after Promote(extend): the grace is for reaching the new owner, not a longer lease.
        LeaseRecord r = new LeaseRecord(1_000, 1_000, 7, Set.of());
        LeaseRecord adopted = LeaseDecisions.adopt(r, 5_000, 900).get();
        assertEquals(5_900, adopted.deadline());
        assertEquals(1_000 + 1_000 + LeaseDecisions.slack(1_000), LeaseDecisions.renew(adopted, 1_000).get().deadline());
    }

    @Test
    void aShortLeaseIsValidOnItsHolderForMostOfItsTtl() {
        // Issue 20: with a floor of twice the renewal tick (100 ms), a 100 ms lease was lost on its holder when taken.
        assertEquals(10_000_000L, LeaseDecisions.holderMarginNanos(100, 0.1), "100 ms: valid 90 ms from the send");
        assertEquals(20_000_000L, LeaseDecisions.holderMarginNanos(200, 0.1), "200 ms: valid 180 ms from the send");
        assertEquals(1_000_000_000L, LeaseDecisions.holderMarginNanos(10_000, 0.1));
        // A margin of 0 still covers the clocks' rate difference (1 % of the TTL) and the timer's resolution.
        assertEquals(3_000_000L, LeaseDecisions.holderMarginNanos(100, 0));
        assertEquals(102_000_000L, LeaseDecisions.holderMarginNanos(10_000, 0));
        // A 5 ms lease is valid 2 ms from the send; the margin follows the TTL, never a fixed floor.
        assertEquals(3_000_000L, LeaseDecisions.holderMarginNanos(5, 0.1));
        for (long ttl = 1; ttl <= 100_000; ttl *= 3) {
            long margin = LeaseDecisions.holderMarginNanos(ttl, 0.1);
            assertTrue(margin >= (long) Math.ceil(ttl * LeaseDecisions.MAX_SLEW) * 1_000_000L, "ttl " + ttl);
            assertTrue(margin <= Math.max(ttl * 100_000L, 3_000_000L + ttl * 10_000L), "ttl " + ttl);
        }
    }
}
