package io.leasehold.resolver;

import io.leasehold.resolver.client.ClientSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link BuildProcessMain} in a JVM of its own, started from this test's classpath with settings only. */
final class BuildProcess implements AutoCloseable {

    private final Process process;
    /** Completes with {@link System#nanoTime()} when this JVM read the build's {@value BuildProcessMain#HELD} line. */
    private final CompletableFuture<Long> held = new CompletableFuture<>();
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    private final List<String> output = new ArrayList<>();

    private BuildProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "build-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts a build that connects to {@code members} of {@code clusterName} with the settings a Maven user
     * sets, and takes {@code keys} in the given mode ({@code exclusive} or {@code shared}).
     */
    static BuildProcess start(String clusterName, String members, Duration sessionTtl, String mode, String... keys)
            throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx256m",
                "-Dhazelcast.phone.home.enabled=false", "-Dhazelcast.logging.type=slf4j", "-Djava.net.preferIPv4Stack=true",
                "-D" + ClientSettings.MEMBERS + "=" + members,
                "-D" + ClientSettings.CLUSTER_NAME + "=" + clusterName,
                "-D" + ClientSettings.SESSION_TTL + "=" + sessionTtl,
                "-cp", System.getProperty("java.class.path"), BuildProcessMain.class.getName(), mode));
        command.addAll(List.of(keys));
        return new BuildProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Waits until the build says it holds its locks; returns when this JVM read that ({@link System#nanoTime()}). */
    long awaitHeld(long timeout, TimeUnit unit) throws Exception {
        try {
            return held.get(timeout, unit);
        } catch (TimeoutException e) {
            throw new AssertionError("the build did not take its locks in " + timeout + " " + unit + ":\n" + output(), e);
        }
    }

    /** Asks the build to unlock and shut its factory down, and waits until it says the cluster confirmed it. */
    void release(long timeout, TimeUnit unit) throws Exception {
        OutputStream in = process.getOutputStream();
        in.write((BuildProcessMain.RELEASE + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        try {
            released.get(timeout, unit);
        } catch (TimeoutException e) {
            throw new AssertionError("the build did not release in " + timeout + " " + unit + ":\n" + output(), e);
        }
    }

    /** Kills the process as a crash would (SIGKILL: no shutdown hooks, nothing released) and waits for its end. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the build process did not end within 30 s of SIGKILL");
        }
    }

    synchronized String output() {
        return String.join("\n", output);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                long readAt = System.nanoTime();
                synchronized (this) {
                    output.add(line);
                }
                if (line.contains(BuildProcessMain.HELD)) {
                    held.complete(readAt);
                } else if (line.contains(BuildProcessMain.RELEASED)) {
                    released.complete(null);
                }
            }
        } catch (IOException e) {
            held.completeExceptionally(e);
        }
        IllegalStateException ended = new IllegalStateException("the build process ended:\n" + output());
        held.completeExceptionally(ended);
        released.completeExceptionally(ended);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
