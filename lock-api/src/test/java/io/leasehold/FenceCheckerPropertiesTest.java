package io.leasehold;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FenceChecker} against a model: random writes to a few resources, some with the writer's
 * lease and some without, checked after every step against a few lines of obviously-right code.
 */
class FenceCheckerPropertiesTest {

    /** One write: to a resource, with a fence, from a lease (0: the form without a lease). */
    record Write(String resource, long fence, long leaseId) {
        boolean withLease() {
            return leaseId != 0;
        }
    }

    /** What the resource remembers: the highest fence accepted and the lease that wrote it (0 if unknown). */
    record Seen(long fence, long leaseId) {
    }

    @Provide
    Arbitrary<Write> writes() {
        // Few resources, fences and leases, so that equal fences and repeat writers are common.
        return Combinators.combine(
                Arbitraries.of("a", "b", "c"),
                Arbitraries.longs().between(-3, 12),
                Arbitraries.of(0L, 0xaL, 0xbL, 0xcL)
        ).as(Write::new);
    }

    @Property(tries = 500)
    void agreesWithTheModelAfterEveryWrite(@ForAll @Size(max = 60) List<@From("writes") Write> writes) {
        FenceChecker checker = new FenceChecker();
        Map<String, Seen> model = new HashMap<>();
        for (Write w : writes) {
            Seen seen = model.get(w.resource());
            boolean expected;
            if (w.withLease()) {
                expected = seen == null || w.fence() > seen.fence()
                        || (w.fence() == seen.fence() && w.leaseId() == seen.leaseId());
                if (expected) {
                    model.put(w.resource(), new Seen(w.fence(), w.leaseId()));
                }
            } else {
                expected = seen == null || w.fence() >= seen.fence();
                if (expected) {
                    boolean repeat = seen != null && w.fence() == seen.fence();
                    model.put(w.resource(), new Seen(w.fence(), repeat ? seen.leaseId() : 0));
                }
            }
            boolean accepted = w.withLease()
                    ? checker.tryAccept(w.resource(), w.fence(), w.leaseId())
                    : checker.tryAccept(w.resource(), w.fence());
            assertEquals(expected, accepted, () -> w + " after " + model);
            for (String r : List.of("a", "b", "c")) {
                Seen s = model.get(r);
                assertEquals(s == null ? Long.MIN_VALUE : s.fence(), checker.highest(r), "highest of " + r);
            }
        }
    }

    @Property(tries = 500)
    void neverAcceptsALowerFenceAndAnEqualOneOnlyFromTheSameLease(
            @ForAll @Size(max = 60) List<@From("writes") Write> writes) {
        FenceChecker checker = new FenceChecker();
        Map<String, Seen> accepted = new HashMap<>();
        for (Write w : writes) {
            if (!w.withLease()) {
                continue;
            }
            Seen before = accepted.get(w.resource());
            if (checker.tryAccept(w.resource(), w.fence(), w.leaseId())) {
                if (before != null) {
                    assertTrue(w.fence() > before.fence()
                                    || (w.fence() == before.fence() && w.leaseId() == before.leaseId()),
                            () -> w + " accepted after " + before);
                }
                accepted.put(w.resource(), new Seen(w.fence(), w.leaseId()));
            } else {
                assertTrue(before != null && (w.fence() < before.fence()
                                || (w.fence() == before.fence() && w.leaseId() != before.leaseId())),
                        () -> w + " refused after " + before);
            }
        }
    }
}
