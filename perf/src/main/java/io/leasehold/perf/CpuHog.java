package io.leasehold.perf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code --cpu-hog N}: a separate process running N busy-loop threads for the whole run, so results
 * can be read "idle" and "with a core busy" (users' machines are busy too). A separate process, so
 * the hog competes for the cores through the OS scheduler as another program would, and not through
 * this JVM's safepoints and GC. The child exits when its standard input closes, so it cannot outlive
 * the benchmark even if the benchmark is killed.
 */
final class CpuHog implements AutoCloseable {

    private final Process process;

    private CpuHog(Process process) {
        this.process = process;
    }

    /** Starts the hog with {@code threads} busy threads; waits until they spin. */
    static CpuHog start(int threads) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx32m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), CpuHog.class.getName(), String.valueOf(threads)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        int ready = p.getInputStream().read(); // the child writes one byte once its threads run
        if (ready < 0) {
            throw new IOException("the CPU hog process did not start (exit " + p.waitFor() + ")");
        }
        CpuHog hog = new CpuHog(p);
        Runtime.getRuntime().addShutdownHook(new Thread(hog::close, "perf-cpu-hog-stop"));
        return hog;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The child: N busy threads until standard input closes. */
    public static void main(String[] args) throws Exception {
        int threads = Integer.parseInt(args[0]);
        for (int t = 0; t < threads; t++) {
            Thread spin = new Thread(() -> {
                long x = System.nanoTime();
                while (true) {
                    x ^= x << 13;
                    x ^= x >>> 7;
                    x ^= x << 17;
                    if (x == 42) {
                        System.out.print("");
                    }
                }
            }, "busy-" + t);
            spin.setDaemon(true);
            spin.start();
        }
        System.out.write('R');
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to go away
        }
        System.exit(0);
    }
}
