package io.leasehold.vertx;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A clustered Vert.x node in a JVM of its own ({@link ForkedVertxNodeMain}) that takes a lock and holds
 * it, for a test that kills the process as a crash would (no leave, no release).
 */
final class ForkedVertxNode implements AutoCloseable {

    private static final String HELD = "held ";

    private final Process process;
    private final CompletableFuture<Long> heldFence = new CompletableFuture<>();
    private final List<String> output = new ArrayList<>();

    private ForkedVertxNode(Process process) {
        this.process = process;
        Thread reader = new Thread(this::read, "forked-vertx-node-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a node of {@code cluster} (which then has {@code clusterSize} members) that takes {@code lockName}. */
    static ForkedVertxNode start(String cluster, int clusterSize, String lockName) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-Xmx256m",
                "-Dhazelcast.phone.home.enabled=false", "-Dhazelcast.logging.type=slf4j", "-Djava.net.preferIPv4Stack=true",
                "-cp", System.getProperty("java.class.path"), ForkedVertxNodeMain.class.getName(),
                cluster, Integer.toString(clusterSize), lockName);
        return new ForkedVertxNode(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** The fence of the lock the node took, once it says it holds it. */
    long awaitHeldFence(Duration timeout) throws Exception {
        return heldFence.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Kills the process at once (SIGKILL): nothing of it runs after this. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the forked Vert.x node did not exit after SIGKILL");
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (this) {
                    output.add(line);
                }
                if (line.startsWith(HELD)) {
                    heldFence.complete(Long.parseLong(line.substring(HELD.length()).strip()));
                }
            }
        } catch (IOException | NumberFormatException e) {
            heldFence.completeExceptionally(e);
        }
        synchronized (this) {
            heldFence.completeExceptionally(new IllegalStateException("the forked Vert.x node exited before it held"
                    + " its lock:\n" + String.join("\n", output)));
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
