package io.leasehold.demo;

import io.leasehold.hazelcast.SteadyClock;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** The command line of the lock contention demo. Exit code 0: invariants hold; 1: violated; 2: bad flags; 3: failed. */
@Command(name = "leasehold-demo", mixinStandardHelpOptions = true, version = "Leasehold demo 0.1.0",
        sortOptions = false,
        description = "Workers contend on a few Leasehold locks and increment a shared ledger that checks fences, "
                + "while holders stall past their TTL, die holding a lock, or lose their member. Watch the fences "
                + "refuse the late writes and the locks come back on their own. Ends with an invariant check.%n")
public final class DemoMain implements Callable<Integer> {

    @Mixin
    DemoOptions options;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        SteadyClock.installUnlessSet(); // before anything reads Hazelcast's clock
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DemoMain());
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("leasehold-demo failed: " + e);
            return 3;
        });
        return cl;
    }

    @Override
    public Integer call() throws Exception {
        options.check(spec.commandLine());
        Summary summary = new Demo(options, System.out).run();
        return summary.ok() ? 0 : 1;
    }
}
