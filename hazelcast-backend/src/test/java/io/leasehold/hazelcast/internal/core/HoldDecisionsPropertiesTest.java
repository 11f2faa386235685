package io.leasehold.hazelcast.internal.core;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Random sequences of acquires, releases, cancels, lease ends, limit changes and clock moves on one
 * name, checked after each step: never more permits out than exist (once the limit is not lowered),
 * never an exclusive hold beside another, fences of grants only grow, and no waiter lost (every
 * waiter that was queued is queued, holding, or was cancelled, ended or timed out).
 */
class HoldDecisionsPropertiesTest {

    private static final long START = Long.MAX_VALUE - 3_600_000; // an awkward clock

    /** One step: kind 0 acquire, 1 release hold, 2 cancel, 3 lease ends, 4 increase, 5 time passes. */
    record Step(int kind, int who, int count, boolean exclusive, int pause) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(1, 6), Arbitraries.integers().between(1, 4),
                Arbitraries.of(true, false), Arbitraries.integers().between(0, 50))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 300)
    void semaphoreNeverLendsMoreThanItHas(@ForAll("steps") List<Step> steps) {
        run(HoldDecisions.init(null, 4).next(), steps, false);
    }

    @Property(tries = 300)
    void readWriteLockNeverPutsAWriterBesideAnyone(@ForAll("steps") List<Step> steps) {
        run(null, steps, true);
    }

    private void run(HoldRecord start, List<Step> steps, boolean rw) {
        HoldRecord rec = start;
        long now = START;
        long lastFence = 0;
        long nextHold = 1;
        Map<Long, long[]> queued = new HashMap<>(); // hold id -> {lease, owner-clock time its wait ends}
        for (Step s : steps) {
            long lease = s.who();
            HoldDecisions.Decision d;
            switch (s.kind()) {
                case 0 -> {
                    long hold = nextHold++;
                    boolean excl = rw && s.exclusive();
                    long count = rw ? 1 : s.count();
                    HoldDecisions.Request req = new HoldDecisions.Request(hold, lease, 1, 1_000, count, excl,
                            s.pause(), 0, rw ? Integer.MAX_VALUE : 0);
                    d = HoldDecisions.acquire(rec, req, now);
                    if (d.code() == HoldDecisions.Code.QUEUED) {
                        queued.put(hold, new long[] {lease, now + s.pause()});
                    }
                }
                case 1 -> {
                    PermitHold h = rec == null || rec.holds().isEmpty() ? null
                            : rec.holds().get(s.who() % rec.holds().size());
                    d = h == null ? null : HoldDecisions.release(rec,
                            new HoldDecisions.Release(nextHold++, h.leaseId(), h.holdId(), 0), now);
                }
                case 2 -> {
                    PermitWaiter w = rec == null || rec.waiters().isEmpty() ? null
                            : rec.waiters().get(s.who() % rec.waiters().size());
                    d = w == null ? null : HoldDecisions.cancel(rec, w.holdId(), now);
                    if (w != null && d.code() == HoldDecisions.Code.CANCELLED) {
                        queued.remove(w.holdId());
                    }
                }
                case 3 -> d = HoldDecisions.releaseLeases(rec, Set.of(lease), now);
                case 4 -> d = rw || rec == null ? null : HoldDecisions.changeLimit(rec, s.count(), now);
                default -> {
                    now += s.pause();
                    d = null;
                }
            }
            if (d != null && d.changed()) {
                HoldRecord before = rec;
                rec = d.next();
                for (PermitHold h : HoldDecisions.handedOver(before, rec, 0)) {
                    assertTrue(h.fence() > lastFence, "fence " + h.fence() + " not above " + lastFence);
                    lastFence = h.fence();
                }
            }
            if (rec == null) {
                continue;
            }
            assertTrue(rec.out() <= rec.limit(), "out " + rec.out() + " above limit " + rec.limit());
            if (rec.exclusivelyHeld()) {
                assertEquals(1, rec.holds().size(), "an exclusive hold beside another: " + rec.holds());
            }
            if (!rec.waiters().isEmpty()) {
                PermitWaiter head = null;
                for (PermitWaiter w : rec.waiters()) {
                    if (now < w.waitUntil()) {
                        head = w;
                        break;
                    }
                }
                if (head != null && d != null && d.changed()) {
                    long need = head.exclusive() ? rec.limit() : head.count();
                    assertFalse(head.exclusive() ? rec.out() == 0 : rec.out() + need <= rec.limit(),
                            "the live head fits but was not served: " + rec);
                }
            }
            if (s.kind() == 3) {
                queued.values().removeIf(w -> w[0] == lease);
            }
            for (var it = queued.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                long hold = e.getKey();
                if (rec.hold(hold) != null || now >= e.getValue()[1]) {
                    it.remove(); // granted, or its wait ran out
                } else {
                    assertTrue(rec.waiters().stream().anyMatch(w -> w.holdId() == hold),
                            "waiter " + hold + " lost: " + rec);
                }
            }
        }
    }
}
