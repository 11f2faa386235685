package io.leasehold.demo;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The demo's command-line options, with their defaults. Parsed by picocli; checked by {@link #check}. */
final class DemoOptions {

    enum Mode { embedded, client_server }

    /** Turns {@code client-server} into {@link Mode#client_server}, with a clear error for anything else. */
    static final class ModeConverter implements CommandLine.ITypeConverter<Mode> {
        @Override
        public Mode convert(String value) {
            return switch (value) {
                case "embedded" -> Mode.embedded;
                case "client-server" -> Mode.client_server;
                default -> throw new CommandLine.TypeConversionException(
                        "'" + value + "' is not a mode: use embedded or client-server");
            };
        }
    }

    @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS", defaultValue = "30",
            description = "How long the workers contend, in seconds (default: ${DEFAULT-VALUE}, at least 5).")
    int durationSeconds;

    @Option(names = {"-w", "--workers"}, paramLabel = "N", defaultValue = "6",
            description = "Workers, each with its own Leasehold session (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = {"-l", "--locks"}, paramLabel = "N", defaultValue = "3",
            description = "Locks (and ledger accounts) they contend on (default: ${DEFAULT-VALUE}).")
    int locks;

    @Option(names = "--ttl-ms", paramLabel = "MILLIS", defaultValue = "2000",
            description = "Session lease TTL of each worker (default: ${DEFAULT-VALUE}).")
    long sessionTtlMillis;

    @Option(names = "--kill-member",
            description = "Terminate a member a third of the way through; the work goes on.")
    boolean killMember;

    @Option(names = "--compare-imap",
            description = "Run the same scenario with Hazelcast's IMap.lock next to Leasehold.")
    boolean compareImap;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "embedded", converter = ModeConverter.class,
            description = "embedded (3 members in this JVM) or client-server (3 member processes; workers are clients).")
    Mode mode;

    @Option(names = "--members", paramLabel = "HOST:PORT", split = ",",
            description = "Use running members (client-server); give --cluster too.")
    List<String> members = new ArrayList<>();

    @Option(names = "--cluster", paramLabel = "NAME",
            description = "Cluster name of the members given with --members (the demo names its own clusters).")
    String clusterName;

    @Option(names = "--json", paramLabel = "FILE",
            description = "Also write the summary as JSON to FILE: every violation, every event with its time, full fences.")
    Path json;

    @Option(names = "--svg", paramLabel = "FILE",
            description = "Also draw the run's timeline to FILE (SVG): one lane per lock with its holds, the stall, "
                    + "the refused write, the reclaim after a death, and a member kill.")
    Path svg;

    @Option(names = "--no-trouble", description = "Do not inject stalls and deaths.")
    boolean noTrouble;

    @Option(names = "--plain", description = "Print status lines instead of redrawing the screen.")
    boolean plain;

    /** Parses arguments the way the command line does, with the same checks. */
    static DemoOptions parse(String... args) {
        DemoOptions options = new DemoOptions();
        CommandLine cl = new CommandLine(options);
        cl.parseArgs(args);
        options.check(cl);
        return options;
    }

    boolean clientServer() {
        return mode == Mode.client_server || !members.isEmpty();
    }

    boolean externalMembers() {
        return !members.isEmpty();
    }

    /** Refuses combinations that cannot work, naming the flag. */
    void check(CommandLine cl) {
        if (durationSeconds < 5 || durationSeconds > 3_600) {
            throw new CommandLine.ParameterException(cl, "--duration must be between 5 and 3600 seconds, got " + durationSeconds);
        }
        if (workers < 2 || workers > 64) {
            throw new CommandLine.ParameterException(cl, "--workers must be between 2 and 64, got " + workers);
        }
        if (locks < 1 || locks > 16) {
            throw new CommandLine.ParameterException(cl, "--locks must be between 1 and 16, got " + locks);
        }
        if (sessionTtlMillis < 500 || sessionTtlMillis > 60_000) {
            throw new CommandLine.ParameterException(cl, "--ttl-ms must be between 500 and 60000, got " + sessionTtlMillis);
        }
        if (!members.isEmpty() && mode == Mode.embedded && cl.getParseResult() != null
                && cl.getParseResult().hasMatchedOption("--mode")) {
            throw new CommandLine.ParameterException(cl, "--members needs --mode client-server (or no --mode)");
        }
        for (String m : members) {
            if (!m.matches("[^:\\s]+:\\d{1,5}")) {
                throw new CommandLine.ParameterException(cl, "--members: '" + m + "' is not HOST:PORT");
            }
        }
        if (!members.isEmpty() && killMember) {
            throw new CommandLine.ParameterException(cl, "--kill-member only works on members the demo starts itself, not with --members");
        }
        if (!members.isEmpty() && (clusterName == null || clusterName.isBlank())) {
            throw new CommandLine.ParameterException(cl, "--members needs --cluster NAME (the members' cluster name)");
        }
        if (members.isEmpty() && clusterName != null) {
            throw new CommandLine.ParameterException(cl, "--cluster only applies with --members; the demo names its own clusters");
        }
    }
}
