package io.leasehold.hazelcast.internal.core;

import io.vavr.control.Either;
import io.vavr.control.Option;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.LongRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.leasehold.hazelcast.internal.core.LeaseDecisions.Failure.*;
import static io.leasehold.hazelcast.internal.core.LeaseDecisionsPropertiesTest.Kind.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The lease decisions against a model: random runs of grants (fresh, retried, on a taken id),
 * renewals, revokes, the revoker's revoke-if-expired, attach and detach, liveness checks, adoption
 * by a new owner with a grace, and clock moves (forward, jumps, small steps back), from clocks at
 * awkward values. A lease is never revoked before its deadline; renew sets the deadline to now + TTL
 * and does not move it back while the clock does not; adopt raises only a lease that ran out less
 * than one TTL ago, and only to now + grace; a grant never takes over an id in use.
 */
class LeaseDecisionsPropertiesTest {

    enum Kind { GRANT, GRANT_RETRY, GRANT_TAKEN, RENEW, REVOKE, REVOKE_IF_EXPIRED, ATTACH, DETACH, LIVE, ADOPT,
        FORWARD, BACK, JUMP }

    record Op(Kind kind, int pick, long amount) {
    }

    /** What the model knows of one lease, and the grant request that made it. */
    private static final class Lease {
        long requestedTtl;
        long ttl;
        long deadline;
        long owner;
        final Set<String> keys = new LinkedHashSet<>();
        /** When the deadline was last set by grant, renew or adopt. */
        long setAt;
        /** The last adoption gave a grace longer than the TTL, so a renewal may end sooner than it. */
        boolean graceAboveTtl;
    }

    @Property(tries = 300)
    void decisionsAgreeWithTheModel(@ForAll("starts") long start, @ForAll("policies") LeaseDecisions.TtlPolicy policy,
                                    @ForAll @LongRange(min = 0, max = 20_000) long grace,
                                    @ForAll("runs") List<Op> ops) {
        new Run(start, policy, grace).steps(ops);
    }

    @Property(tries = 200)
    void ttlPolicyAcceptsExactlyPositiveOrderedBounds(@ForAll long min, @ForAll long max) {
        if (min > 0 && max >= min) {
            LeaseDecisions.TtlPolicy p = new LeaseDecisions.TtlPolicy(min, max);
            assertEquals(min, p.minTtl());
            assertEquals(max, p.maxTtl());
        } else {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new LeaseDecisions.TtlPolicy(min, max));
            assertTrue(e.getMessage().contains("min=" + min) && e.getMessage().contains("max=" + max), e.getMessage());
        }
    }

    @Provide
    Arbitrary<Long> starts() {
        return Arbitraries.oneOf(
                Arbitraries.of(0L, 1_700_000_000_000L, Long.MAX_VALUE - 60_000, Long.MAX_VALUE - 10_000,
                        Long.MAX_VALUE - 1, Long.MAX_VALUE, -86_400_000L, Long.MIN_VALUE, Long.MIN_VALUE + 60_000),
                Arbitraries.longs());
    }

    @Provide
    Arbitrary<LeaseDecisions.TtlPolicy> policies() {
        return Combinators.combine(Arbitraries.longs().between(1, 5_000), Arbitraries.longs().between(0, 60_000))
                .as((min, extra) -> new LeaseDecisions.TtlPolicy(min, min + extra));
    }

    @Provide
    Arbitrary<List<Op>> runs() {
        Arbitrary<Kind> kinds = Arbitraries.frequency(
                Tuple.of(5, GRANT), Tuple.of(2, GRANT_RETRY), Tuple.of(2, GRANT_TAKEN), Tuple.of(8, RENEW),
                Tuple.of(2, REVOKE), Tuple.of(5, REVOKE_IF_EXPIRED), Tuple.of(2, ATTACH), Tuple.of(2, DETACH),
                Tuple.of(2, LIVE), Tuple.of(3, ADOPT), Tuple.of(8, FORWARD), Tuple.of(3, BACK), Tuple.of(1, JUMP));
        return Combinators.combine(kinds, Arbitraries.integers().between(0, 63), Arbitraries.longs().between(0, 864_000_000L))
                .as(Op::new).list().ofMinSize(1).ofMaxSize(60).withSizeDistribution(RandomDistribution.uniform());
    }

    private static final class Run {
        private final LeaseDecisions.TtlPolicy policy;
        private final long grace;
        private final Map<Long, LeaseRecord> store = new HashMap<>();
        private final Map<Long, Lease> model = new HashMap<>();
        private final List<Long> granted = new ArrayList<>();
        private final List<String> trail = new ArrayList<>();
        private long now;
        private long nextId = 1;

        Run(long start, LeaseDecisions.TtlPolicy policy, long grace) {
            this.now = start;
            this.policy = policy;
            this.grace = grace;
        }

        void steps(List<Op> ops) {
            for (Op op : ops) {
                trail.add(op + " @" + now);
                step(op);
                for (Map.Entry<Long, Lease> e : model.entrySet()) {
                    agrees(e.getValue(), store.get(e.getKey()));
                }
                assertEquals(model.keySet(), store.keySet(), "leases" + ctx());
            }
        }

        private void step(Op op) {
            Long id = granted.isEmpty() ? null : granted.get(op.pick() % granted.size());
            switch (op.kind()) {
                case GRANT -> grant(op);
                case GRANT_RETRY, GRANT_TAKEN -> {
                    if (id != null && model.containsKey(id)) {
                        grantOnTakenId(id, op.kind() == GRANT_RETRY, op.pick());
                    }
                }
                case RENEW -> renew(id);
                case REVOKE -> {
                    Either<LeaseDecisions.Failure, LeaseRecord> out = LeaseDecisions.revoke(store.get(id));
                    assertEquals(out, LeaseDecisions.revoke(store.get(id)), "revoke is deterministic");
                    assertEquals(model.containsKey(id) ? Either.right(store.get(id)) : Either.left(NOT_FOUND), out);
                    drop(id);
                }
                case REVOKE_IF_EXPIRED -> revokeIfExpired(id, op);
                case ATTACH, DETACH -> keys(id, op);
                case LIVE -> {
                    Either<LeaseDecisions.Failure, LeaseRecord> out = LeaseDecisions.live(store.get(id), now);
                    Either<LeaseDecisions.Failure, Lease> expected = expectedLive(id);
                    assertEquals(expected.isLeft() ? expected.getLeft() : null, out.isLeft() ? out.getLeft() : null,
                            "live" + ctx());
                }
                case ADOPT -> adopt(id);
                case FORWARD -> now = Time.add(now, op.amount() % 3_001);
                case BACK -> now = Time.subtract(now, 1 + op.amount() % 1_000);
                case JUMP -> now = Time.add(now, op.amount());
            }
        }

        private void grant(Op op) {
            long min = policy.minTtl();
            long max = policy.maxTtl();
            long[] choices = {0, -1, min - 1, min, min + (max - min) / 2, max, max + 1, 1};
            long ttl = choices[op.pick() % choices.length];
            long owner = op.pick() % 3;
            long id = nextId++ * 0x9E3779B97F4A7C15L;
            Either<LeaseDecisions.Failure, LeaseRecord> out = LeaseDecisions.grant(null, ttl, owner, policy, now);
            assertEquals(out, LeaseDecisions.grant(null, ttl, owner, policy, now), "grant is deterministic");
            if (ttl > max) {
                assertEquals(Either.left(TTL_TOO_LONG), out, "TTL " + ttl + " above " + max);
                return;
            }
            if (ttl < min) {
                assertEquals(Either.left(LeaseDecisions.Failure.TTL_TOO_SHORT), out, "TTL " + ttl + " below " + min
                        + ": refused, never raised");
                return;
            }
            Lease l = new Lease();
            l.requestedTtl = ttl;
            l.ttl = ttl;
            // The deadline covers the member clock's slew: the TTL plus the slack, never less.
            l.deadline = Time.add(Time.add(now, l.ttl), LeaseDecisions.slack(l.ttl));
            l.owner = owner;
            l.setAt = now;
            assertTrue(l.deadline > now || now == Long.MAX_VALUE, "deadline wrapped into the past" + ctx());
            model.put(id, l);
            granted.add(id);
            store.put(id, out.get());
        }

        /** A grant on an id in use never replaces its lease: a retry by its owner finds it, anyone else is refused. */
        private void grantOnTakenId(long id, boolean retry, int pick) {
            Lease l = model.get(id);
            LeaseRecord existing = store.get(id);
            long owner = retry ? l.owner : l.owner + 1 + pick % 2;
            long ttl = retry || pick % 2 == 0 ? l.requestedTtl : l.requestedTtl + 1;
            Either<LeaseDecisions.Failure, LeaseRecord> out = LeaseDecisions.grant(existing, ttl, owner, policy, now);
            if (retry && l.owner != 0) {
                assertTrue(out.isRight() && out.get() == existing, "a retried grant finds its own lease: " + out + ctx());
            } else {
                assertEquals(Either.left(ID_TAKEN), out, "a grant on an id in use" + ctx());
            }
        }

        private void renew(Long id) {
            LeaseRecord before = store.get(id);
            Either<LeaseDecisions.Failure, LeaseRecord> out = LeaseDecisions.renew(before, now);
            assertEquals(out, LeaseDecisions.renew(before, now), "renew is deterministic");
            Either<LeaseDecisions.Failure, Lease> expected = expectedLive(id);
            if (expected.isLeft()) {
                assertEquals(expected.getLeft(), out.getLeft(), "renew" + ctx());
                return;
            }
            Lease l = expected.get();
            long next = Time.add(Time.add(now, l.ttl), LeaseDecisions.slack(l.ttl));
            assertEquals(next, out.get().deadline(), "renew sets the deadline to now + TTL + slack" + ctx());
            if (now >= l.setAt && !l.graceAboveTtl) {
                assertTrue(next >= l.deadline, "renew moved the deadline back from " + l.deadline + " to " + next + ctx());
            }
            l.deadline = next;
            l.setAt = now;
            l.graceAboveTtl = false;
            store.put(id, out.get());
        }

        private void revokeIfExpired(Long id, Op op) {
            Lease l = id == null ? null : model.get(id);
            long[] bounds = {Long.MIN_VALUE, l == null ? now : Time.add(l.deadline, op.amount() % 2_001 - 1_000),
                    Time.add(now, op.amount() % 201 - 100)};
            long notBefore = bounds[op.pick() % bounds.length];
            Either<LeaseDecisions.Failure, LeaseRecord> out = LeaseDecisions.revokeIfExpired(store.get(id), notBefore, now);
            assertEquals(out, LeaseDecisions.revokeIfExpired(store.get(id), notBefore, now), "deterministic");
            if (l == null) {
                assertEquals(Either.left(NOT_FOUND), out);
                return;
            }
            if (out.isRight()) {
                assertTrue(now >= l.deadline, "revoked at " + now + " before its deadline " + l.deadline + ctx());
                assertTrue(now >= notBefore, "revoked at " + now + " before its grace " + notBefore + ctx());
                drop(id);
            } else {
                assertEquals(NOT_DUE, out.getLeft());
                assertTrue(now < l.deadline || now < notBefore, "a due lease was not revoked" + ctx());
            }
        }

        private void keys(Long id, Op op) {
            List<String> keys = new ArrayList<>();
            for (int bit = 0; bit < 3; bit++) {
                if ((op.pick() >> bit & 1) == 1) {
                    keys.add(String.valueOf((char) ('a' + bit)));
                }
            }
            boolean attach = op.kind() == ATTACH;
            Either<LeaseDecisions.Failure, LeaseRecord> out = attach ? LeaseDecisions.attach(store.get(id), keys, now)
                    : LeaseDecisions.detach(store.get(id), keys, now);
            Either<LeaseDecisions.Failure, Lease> expected = expectedLive(id);
            if (expected.isLeft()) {
                assertEquals(expected.getLeft(), out.getLeft(), op.kind() + ctx());
                return;
            }
            if (attach) {
                expected.get().keys.addAll(keys);
            } else {
                keys.forEach(expected.get().keys::remove);
            }
            store.put(id, out.get());
        }

        private void adopt(Long id) {
            Lease l = id == null ? null : model.get(id);
            if (l == null) {
                return;
            }
            LeaseRecord before = store.get(id);
            Option<LeaseRecord> out = LeaseDecisions.adopt(before, grace, now);
            assertEquals(out, LeaseDecisions.adopt(before, grace, now), "adopt is deterministic");
            long graceUntil = Time.add(now, grace);
            boolean ranOutLately = Time.subtract(now, l.deadline) < l.ttl;
            boolean raise = ranOutLately && l.deadline < graceUntil;
            assertEquals(raise, out.isDefined(), "adopt raises iff the lease ran out less than a TTL ago and ends "
                    + "before now + grace (deadline " + l.deadline + ", ttl " + l.ttl + ", grace " + grace + ")" + ctx());
            if (out.isDefined()) {
                assertEquals(graceUntil, out.get().deadline(), "adopt raises to now + grace exactly" + ctx());
                assertTrue(out.get().deadline() > l.deadline, "adopt never lowers a deadline" + ctx());
                l.deadline = graceUntil;
                l.setAt = now;
                l.graceAboveTtl = grace > l.ttl;
                store.put(id, out.get());
            }
        }

        private Either<LeaseDecisions.Failure, Lease> expectedLive(Long id) {
            Lease l = id == null ? null : model.get(id);
            if (l == null) {
                return Either.left(NOT_FOUND);
            }
            return now >= l.deadline ? Either.left(EXPIRED) : Either.right(l);
        }

        private void agrees(Lease l, LeaseRecord r) {
            assertNotNull(r, "record missing" + ctx());
            assertEquals(l.ttl, r.ttl(), "ttl" + ctx());
            assertEquals(l.deadline, r.deadline(), "deadline" + ctx());
            assertEquals(l.owner, r.getOwnerTag(), "owner" + ctx());
            assertEquals(l.keys, r.keys(), "keys" + ctx());
            assertEquals(now >= l.deadline, r.isExpired(now), "expired" + ctx());
        }

        private void drop(Long id) {
            if (id != null) {
                model.remove(id);
                store.remove(id);
            }
        }

        private String ctx() {
            return " after\n  " + String.join("\n  ", trail);
        }
    }
}
