package io.leasehold.hazelcast.server;

import io.leasehold.hazelcast.SteadyClock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Leasehold member in a JVM of its own, started with the launcher, as an operator would. */
final class ForkedMember implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on \\[?([0-9.]+)]?:(\\d+)");

    final Process process;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final List<String> output = new ArrayList<>();

    private ForkedMember(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "forked-member-output");
        reader.setDaemon(true);
        reader.start();
    }

    static ForkedMember start(String... args) throws IOException {
        return start(List.of(), args);
    }

    /**
     * A member whose wall clock, as its Hazelcast and Leasehold read it, the test steps with
     * {@link #stepClock} ({@link SteppedClock}).
     */
    static ForkedMember startWithSteppedClock(String... args) throws IOException {
        return start(List.of("-D" + SteadyClock.PROPERTY + "=" + SteppedClock.class.getName()), args);
    }

    /**
     * A member whose process runs with {@code environment} added (a preloaded library, say) and the
     * given JVM flags.
     */
    static ForkedMember startWith(java.util.Map<String, String> environment, List<String> jvmFlags, String... args)
            throws IOException {
        return start(environment, jvmFlags, args);
    }

    private static ForkedMember start(List<String> jvmFlags, String... args) throws IOException {
        return start(java.util.Map.of(), jvmFlags, args);
    }

    private static ForkedMember start(java.util.Map<String, String> environment, List<String> jvmFlags, String... args)
            throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m",
                "-Dhazelcast.phone.home.enabled=false", "-Djava.net.preferIPv4Stack=true"));
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ForkedMemberMain.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        return new ForkedMember(builder.start());
    }

    /** Steps the member's wall clock to {@code stepMillis} from the real one; returns once the member says so. */
    void stepClock(long stepMillis) throws Exception {
        ask(ForkedMemberMain.STEP_COMMAND + stepMillis, ForkedMemberMain.STEPPED + stepMillis);
    }

    /** The ports (public addresses) of the owner and the first backup of a lease's record, as this member sees them. */
    int[] replicasOfLease(long leaseId) throws Exception {
        return replicas("lease " + leaseId);
    }

    /** The ports of the owner and the first backup of the record named {@code key} (a lock's name, say). */
    int[] replicasOfName(String key) throws Exception {
        return replicas("name " + key);
    }

    private int[] replicas(String question) throws Exception {
        String answer = ask(ForkedMemberMain.REPLICAS_COMMAND + question, ForkedMemberMain.REPLICAS + question + " ");
        String[] ports = answer.substring(ForkedMemberMain.REPLICAS.length() + question.length() + 1).split(" ");
        return new int[] {Integer.parseInt(ports[0]), Integer.parseInt(ports[1])};
    }

    /** Writes a command to the member's standard input; the first line of its output from then on that starts so. */
    private String ask(String command, String answerPrefix) throws Exception {
        int from;
        synchronized (this) {
            from = output.size();
        }
        Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        in.write(command + "\n");
        in.flush();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (this) {
            while (true) {
                for (int i = from; i < output.size(); i++) {
                    if (output.get(i).startsWith(answerPrefix)) {
                        return output.get(i);
                    }
                }
                from = output.size();
                long left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime());
                if (left <= 0) {
                    throw new IllegalStateException("the member did not answer " + command + ":\n" + output());
                }
                wait(left);
            }
        }
    }

    /** The port the member says it listens on, once it has started. */
    int awaitPort(long timeout, TimeUnit unit) throws Exception {
        return port.get(timeout, unit);
    }

    synchronized String output() {
        return String.join("\n", output);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (this) {
                    output.add(line);
                    notifyAll();
                }
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(2)));
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("member exited before listening:\n" + output()));
        ended.complete(null);
    }

    /** All the member printed, once it has exited and its output is read to the end. */
    String finalOutput() throws Exception {
        ended.get(30, TimeUnit.SECONDS);
        return output();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
