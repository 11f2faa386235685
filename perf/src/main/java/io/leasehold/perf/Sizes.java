package io.leasehold.perf;

import java.time.Duration;

/**
 * How big and how long each scenario runs. Three profiles: {@link #full()} (the published figures),
 * {@link #quick()} (every scenario on every topology in about 2 minutes on 2 cores) and
 * {@link #tiny()} (the harness test: seconds, no figure meant to be read).
 *
 * @param warmup            closed-loop warm-up per lock scenario and implementation
 * @param measure           closed-loop measured interval
 * @param freshThreads      threads of the multi-threaded fresh-name run (the other one has 1)
 * @param hotThreads        threads on the one hot name
 * @param spreadThreads     threads of the spread run
 * @param spreadKeys        names the spread run picks from
 * @param grantRevokeThreads threads doing grant + revoke pairs
 * @param keepAliveLeases   leases kept alive through the client (see {@link #keepAliveLeasesOn})
 * @param expiryLeases      leases, each holding one lock, made due at once (see {@link #expiryLeasesOn})
 * @param expiryWaiters     of those locks, how many have a waiter queued when their lease ends
 * @param lagLeases         leases (each holding a lock) granted at a steady pace in the lag run
 * @param lagRatePerSecond  the pace: leases granted, and so expiring, per second
 * @param lagWaiterEvery    one lease in this many has a waiter on its lock in the lag run
 * @param stateCycles       distinct names locked and released by one session in the state run
 * @param stateMaxTime      the state run stops early after this long
 * @param drainWait         how long the state run waits for released records to leave the locks map
 * @param maxOps            a closed-loop phase also ends after this many measured operations
 */
public record Sizes(
        String profile,
        Duration warmup,
        Duration measure,
        int freshThreads,
        int hotThreads,
        int spreadThreads,
        int spreadKeys,
        int grantRevokeThreads,
        int keepAliveLeases,
        Duration keepAliveTtl,
        Duration keepAliveWindow,
        int expiryLeases,
        int expiryWaiters,
        int lagLeases,
        int lagRatePerSecond,
        Duration lagTtl,
        int lagWaiterEvery,
        int stateCycles,
        Duration stateMaxTime,
        Duration drainWait,
        int deadClientTrials,
        Duration deadClientTtl,
        long maxOps) {

    /**
     * Leases kept alive on a topology: the full count through the client (where requests on the
     * wire can be counted), a twentieth of it on embedded topologies when above 10,000.
     */
    int keepAliveLeasesOn(Topology.Kind kind) {
        return kind.client || keepAliveLeases <= 10_000 ? keepAliveLeases : keepAliveLeases / 20;
    }

    /**
     * Leases in the expiry-at-scale run on a topology: the full count on three members (where the
     * target is set), a tenth of it on one member when above 100,000.
     */
    int expiryLeasesOn(Topology.Kind kind) {
        return kind.members > 1 || expiryLeases <= 100_000 ? expiryLeases : expiryLeases / 10;
    }

    Sizes withExpiryLeases(int n) {
        return new Sizes(profile, warmup, measure, freshThreads, hotThreads, spreadThreads, spreadKeys,
                grantRevokeThreads, keepAliveLeases, keepAliveTtl, keepAliveWindow, n, expiryWaiters, lagLeases,
                lagRatePerSecond, lagTtl, lagWaiterEvery, stateCycles, stateMaxTime, drainWait, deadClientTrials,
                deadClientTtl, maxOps);
    }

    Sizes withKeepAliveLeases(int n) {
        return new Sizes(profile, warmup, measure, freshThreads, hotThreads, spreadThreads, spreadKeys,
                grantRevokeThreads, n, keepAliveTtl, keepAliveWindow, expiryLeases, expiryWaiters, lagLeases,
                lagRatePerSecond, lagTtl, lagWaiterEvery, stateCycles, stateMaxTime, drainWait, deadClientTrials,
                deadClientTtl, maxOps);
    }

    Sizes withStateCycles(int n) {
        return new Sizes(profile, warmup, measure, freshThreads, hotThreads, spreadThreads, spreadKeys,
                grantRevokeThreads, keepAliveLeases, keepAliveTtl, keepAliveWindow, expiryLeases, expiryWaiters,
                lagLeases, lagRatePerSecond, lagTtl, lagWaiterEvery, n, stateMaxTime, drainWait, deadClientTrials,
                deadClientTtl, maxOps);
    }

    /** The published figures: 1,000,000 leases with locks on 3 members, 100,000 distinct names per session. */
    public static Sizes full() {
        return new Sizes("full", Duration.ofSeconds(1), Duration.ofSeconds(3), 8, 8, 16, 1_000, 8,
                20_000, Duration.ofSeconds(6), Duration.ofSeconds(7),
                1_000_000, 100, 5_000, 1_000, Duration.ofSeconds(1), 20,
                100_000, Duration.ofMinutes(3), Duration.ofSeconds(30),
                3, Duration.ofSeconds(2), Long.MAX_VALUE);
    }

    /** Every scenario on every topology in about 2 minutes on 2 cores; small fixtures. */
    public static Sizes quick() {
        return new Sizes("quick", Duration.ofMillis(300), Duration.ofMillis(800), 8, 8, 16, 1_000, 8,
                1_000, Duration.ofSeconds(2), Duration.ofSeconds(2),
                5_000, 16, 1_000, 1_000, Duration.ofSeconds(1), 20,
                5_000, Duration.ofSeconds(4), Duration.ofSeconds(5),
                1, Duration.ofSeconds(1), Long.MAX_VALUE);
    }

    /** For the harness test: each load phase stops after a few hundred operations. */
    public static Sizes tiny() {
        return new Sizes("tiny", Duration.ofMillis(50), Duration.ofMillis(300), 2, 4, 4, 50, 2,
                100, Duration.ofSeconds(1), Duration.ofMillis(300),
                300, 4, 100, 1_000, Duration.ofMillis(500), 10,
                300, Duration.ofSeconds(3), Duration.ofSeconds(2),
                1, Duration.ofSeconds(1), 300);
    }
}
