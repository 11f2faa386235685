package io.leasehold.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A {@link MemberMain} in a child process started from this JVM's own class path. Its output goes
 * to a log file; it is ready once that file shows its {@code READY} line.
 */
final class ForkedMember implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 120_000;
    private static final List<String> JVM_FLAGS = List.of("-Xmx256m", "-XX:+UseSerialGC",
            "--add-modules", "java.se",
            "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.management/sun.management=ALL-UNNAMED",
            "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "-Djava.net.preferIPv4Stack=true", "-Dhazelcast.phone.home.enabled=false");

    private final Process process;
    private final Path log;
    private volatile String address;

    private ForkedMember(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts a member process of a cluster of {@code expectedMembers}; it is ready (see
     * {@link #awaitReady()}) once all of them have joined, so start them all before waiting.
     */
    static ForkedMember launch(String clusterName, int expectedMembers, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MemberMain.class.getName());
        command.add("--cluster");
        command.add(clusterName);
        command.add("--exit-with-parent");
        command.add("--expected-members");
        command.add(Integer.toString(expectedMembers));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new ForkedMember(process, log);
    }

    /** Waits until the member says it is in a cluster of the expected size; stops it if it fails. */
    void awaitReady() throws IOException, InterruptedException {
        try {
            address = awaitReady(process, log);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stop(process);
            throw e;
        }
    }

    private static String awaitReady(Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() - deadline < 0) {
            Optional<String> ready = Files.readAllLines(log).stream()
                    .filter(l -> l.startsWith(MemberMain.READY)).findFirst();
            if (ready.isPresent()) {
                return ready.get().substring(MemberMain.READY.length()).trim().split(" ")[0];
            }
            if (!process.isAlive()) {
                List<String> lines = Files.readAllLines(log);
                String last = lines.stream().filter(l -> l.startsWith("leasehold-member:")).reduce((a, b) -> b)
                        .orElse("see " + log);
                throw new IOException("member process ended with exit code " + process.exitValue()
                        + " before it was ready: " + last);
            }
            Thread.sleep(100);
        }
        throw new IOException("member process not ready after " + START_TIMEOUT_MILLIS / 1000 + " s; see " + log);
    }

    String address() {
        return address;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the process at once (SIGKILL): the member gets no chance to hand anything over. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Asks the member to shut down (SIGTERM), and kills it if it has not within 20 s. */
    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        try {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
