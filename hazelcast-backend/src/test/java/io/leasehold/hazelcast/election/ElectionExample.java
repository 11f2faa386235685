package io.leasehold.hazelcast.election;

import com.hazelcast.core.HazelcastInstance;
import io.leasehold.FenceChecker;
import io.leasehold.Leasehold;
import io.leasehold.election.ElectionSettings;
import io.leasehold.election.LeaderElection;
import io.leasehold.hazelcast.HazelcastLeasehold;
import io.leasehold.hazelcast.election.HazelcastElections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

public class ElectionExample {

    private static final Logger LOG = LoggerFactory.getLogger(ElectionExample.class);

    /** One candidate leads, writes once under its term's fence, and hands over on close. Returns the fence. */
    public static long run(HazelcastInstance member, FenceChecker reports)
            throws InterruptedException, ExecutionException, TimeoutException {
        long fence;
        ExecutorService worker = Executors.newSingleThreadExecutor(); // runs the leader's work
        CompletableFuture<Long> written = new CompletableFuture<>();
        Leasehold leasehold = HazelcastLeasehold.create(member);
        ElectionSettings settings = ElectionSettings.builder("nightly-report", "node-a")
                .leaseDuration(Duration.ofSeconds(15))   // a dead leader is replaced within about this long
                .renewDeadline(Duration.ofSeconds(10))   // a leader that cannot renew for this long steps down
                .retryPeriod(Duration.ofSeconds(2))      // the leader renews this often
                .releaseOnCancel(true)                   // close() hands leadership over at once
                .build();
        try (LeaderElection election = HazelcastElections.start(member, leasehold, settings,
                term -> worker.submit(() -> {            // callbacks must return quickly: work elsewhere
                    if (term.isActive()) {               // every write carries the term's fence,
                        reports.accept("nightly-report", term.fence()); // so a deposed leader's is refused
                        written.complete(term.fence());
                    }
                }))) {
            fence = written.get(30, TimeUnit.SECONDS);
            LOG.info("{} leads, term fence {}, health: {}", election.leader().orElseThrow(), fence,
                    election.check(Duration.ofSeconds(5)).orElse("ok"));
        }
        leasehold.close();
        worker.shutdown();
        return fence;
    }
}
