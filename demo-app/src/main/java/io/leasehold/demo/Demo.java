package io.leasehold.demo;

import io.leasehold.hazelcast.LeaseholdSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One run of the lock contention demo: start (or connect to) the cluster, let the workers contend
 * for the configured time while {@link Trouble} injects stalls, deaths and a member kill, refresh
 * the {@link LiveView} every second, then stop everything and return the {@link Summary}.
 *
 * <p>Stopping is ordered: workers first (each closes its own Leasehold, so no session outlives the
 * run), then dying holders' leftovers, then the cluster. A stalled worker finishes its pause and
 * its late write before it stops, so every injected stall is counted.
 */
public final class Demo {

    private static final long JOIN_MILLIS = DemoSettings.STALL.toMillis() + DemoSettings.ACQUIRE_WAIT.toMillis() + 10_000;

    private final DemoOptions options;
    private final PrintStream out;

    Demo(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    Summary run() throws InterruptedException, IOException {
        String runId = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        try (Topology topology = startTopology(runId)) {
            try {
                return run(topology);
            } catch (InterruptedException | IOException | RuntimeException | Error e) {
                topology.runFailed();
                throw e;
            }
        }
    }

    private Summary run(Topology topology) throws InterruptedException, IOException {
        boolean redraw = !options.plain && System.console() != null;
        EventLog events = new EventLog(System.nanoTime(), out, !redraw);
        DemoRun run = new DemoRun(events, topology, options);
        ClusterInfo clusterAtStart = ClusterInfo.observe(topology);
        Side leasehold = Side.leasehold(options.locks);
        Side imap = options.compareImap ? Side.imap(options.locks) : null;
        LeaseholdSettings settings = DemoSettings.workers(options.sessionTtlMillis);

        List<LeaseholdWorker> leaseholdWorkers = new ArrayList<>();
        List<ImapWorker> imapWorkers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < options.workers; i++) {
            LeaseholdWorker w = new LeaseholdWorker("worker-" + (i + 1), i, run, leasehold, settings);
            leaseholdWorkers.add(w);
            threads.add(new Thread(w, "demo-" + w.name()));
            if (imap != null) {
                ImapWorker iw = new ImapWorker("imap-" + (i + 1), i, run, imap, options.sessionTtlMillis);
                imapWorkers.add(iw);
                threads.add(new Thread(iw, "demo-imap-" + (i + 1)));
            }
        }
        LiveView view = new LiveView(run, leasehold, imap, out, redraw);
        Trouble trouble = new Trouble(run, leasehold, leaseholdWorkers, imapWorkers, settings);
        long started = System.nanoTime();
        double seconds;
        try {
            threads.forEach(Thread::start);
            trouble.start();
            events.add("%d workers contend on %d locks for %d s (%s)", options.workers, options.locks,
                    options.durationSeconds, topology.describe());
            runFor(view, started);
        } finally {
            run.stop();
            events.add("time is up: stopping the workers");
            for (Thread t : threads) {
                t.join(JOIN_MILLIS);
                if (t.isAlive()) {
                    t.interrupt();
                    t.join(5_000);
                }
            }
            long ended = System.nanoTime();
            seconds = (ended - started) / 1e9;
            run.timeline.end(ended);
            trouble.close();
        }
        view.refresh();
        view.close();
        events.flush();
        Summary summary = Summary.of(run, leasehold, imap, trouble, seconds, clusterAtStart);
        if (!summary.ok()) {
            topology.runFailed();
        }
        print(summary);
        if (options.svg != null) {
            write(options.svg, TimelineSvg.draw(run, leasehold, imap, summary));
        }
        return summary;
    }

    private Topology startTopology(String runId) {
        if (options.externalMembers()) {
            out.printf("connecting to members %s of cluster %s...%n", options.members, options.clusterName);
            return ClientServerCluster.connect(options.clusterName, options.members, out);
        }
        String cluster = "leasehold-demo-" + runId;
        if (options.clientServer()) {
            out.printf("starting %d member processes (cluster %s)...%n", DemoSettings.MEMBERS, cluster);
            return ClientServerCluster.fork(cluster, DemoSettings.MEMBERS, out);
        }
        out.printf("starting %d embedded members (cluster %s)...%n", DemoSettings.MEMBERS, cluster);
        return new EmbeddedCluster(cluster, DemoSettings.MEMBERS, out);
    }

    private void runFor(LiveView view, long started) throws InterruptedException {
        long end = started + options.durationSeconds * 1_000_000_000L;
        long next = started;
        while (true) {
            next += 1_000_000_000L;
            long now = System.nanoTime();
            if (now - end >= 0) {
                return;
            }
            long sleepNanos = Math.min(next, end) - now;
            if (sleepNanos > 0) {
                Thread.sleep(sleepNanos / 1_000_000, (int) (sleepNanos % 1_000_000));
            }
            if (System.nanoTime() - end < 0) {
                view.refresh();
            }
        }
    }

    private void print(Summary summary) throws IOException {
        if (options.json != null) {
            write(options.json, summary.json());
        }
        synchronized (out) {
            out.println();
            summary.lines().forEach(out::println);
            out.flush();
        }
    }

    private static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text);
    }
}
