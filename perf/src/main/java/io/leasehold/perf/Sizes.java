package io.leasehold.perf;

import java.time.Duration;

/**
 * How big and how long each scenario runs. Three profiles: {@link #full()} (the published figures,
 * about 10 minutes on 2 cores), {@link #quick()} (under 2 minutes) and {@link #tiny()} (the harness
 * test: seconds, no figure meant to be read).
 */
public record Sizes(
        String profile,
        Duration warmup,
        Duration measure,
        int uncontendedThreads,
        int hotThreads,
        int spreadThreads,
        int spreadKeys,
        int churnThreads,
        int keepAliveLeases,
        Duration keepAliveTtl,
        Duration keepAliveWindow,
        int expiryLeases,
        int lagLeases,
        int lagRatePerSecond,
        Duration lagTtl,
        int deadClientTrials,
        Duration deadClientTtl,
        long maxOps) {

    /**
     * Leases kept alive on a topology. Setting up a keep-alive is one blocking renew per lease, about
     * a thousand a second on 2 cores today, and slower as the instance's keep-alive set grows (100,000
     * through the client took 385 s to set up), so the full run keeps 20,000 alive through the client
     * (where requests on the wire can be counted; {@code --keepalive-leases 100000} for the issue's
     * figure) and a twentieth of the client's count on embedded topologies when above 10,000.
     */
    int keepAliveLeasesOn(Topology.Kind kind) {
        return kind.client || keepAliveLeases <= 10_000 ? keepAliveLeases : keepAliveLeases / 20;
    }

    /**
     * Leases in the expiry-at-scale run on a topology: the full count on three members (where the
     * target is set), a tenth of it on one member, so the full run fits in 10 minutes on 2 cores.
     */
    int expiryLeasesOn(Topology.Kind kind) {
        return kind.members > 1 || expiryLeases <= 100_000 ? expiryLeases : expiryLeases / 10;
    }

    public static Sizes full() {
        return new Sizes("full", Duration.ofSeconds(1), Duration.ofSeconds(3), 8, 8, 16, 1_000, 8,
                20_000, Duration.ofSeconds(6), Duration.ofSeconds(7), 1_000_000, 5_000, 1_000,
                Duration.ofSeconds(1), 3, Duration.ofSeconds(2), Long.MAX_VALUE);
    }

    public static Sizes quick() {
        return new Sizes("quick", Duration.ofMillis(400), Duration.ofMillis(900), 8, 8, 16, 1_000, 8,
                2_000, Duration.ofSeconds(3), Duration.ofSeconds(3), 100_000, 1_000, 1_000,
                Duration.ofSeconds(1), 1, Duration.ofSeconds(2), Long.MAX_VALUE);
    }

    /** For the harness test: each load phase stops after a few hundred operations. */
    public static Sizes tiny() {
        return new Sizes("tiny", Duration.ofMillis(50), Duration.ofMillis(300), 2, 4, 4, 50, 2,
                300, Duration.ofSeconds(2), Duration.ofMillis(300), 1_000, 100, 1_000,
                Duration.ofMillis(500), 1, Duration.ofSeconds(1), 300);
    }
}
