package io.leasehold.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first run: another process holds 5701-5703 while the demo starts. Its members bind
 * higher ports and must still form one cluster (before, each formed a cluster of one and the
 * invariants failed with thousands of fence regressions).
 */
class HeldPortsDemoTest {

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void theDemoFormsOneClusterWhileAnotherProcessHoldsTheFirstPorts(@TempDir Path dir) throws Exception {
        List<ServerSocket> squatters = new ArrayList<>();
        try {
            for (int port = 5701; port <= 5703; port++) {
                try {
                    ServerSocket s = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"));
                    squatters.add(s);
                    Thread t = new Thread(() -> answerNothing(s), "squatter-" + port);
                    t.setDaemon(true);
                    t.start();
                } catch (IOException alreadyHeld) {
                    // held by someone else: held either way
                }
            }
            Path json = dir.resolve("summary.json");
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            Summary summary = new Demo(DemoOptions.parse("--duration", "5", "--plain", "--json", json.toString()),
                    new PrintStream(printed, true, StandardCharsets.UTF_8)).run();
            String out = printed.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("cluster formed: 3 members"), out);
            assertTrue(summary.ok(), out);
            com.fasterxml.jackson.databind.JsonNode tree = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(Files.readString(json));
            assertTrue(tree.path("invariants").path("violations").isArray()
                    && tree.path("invariants").path("violations").isEmpty(), tree.toPrettyString());
        } finally {
            for (ServerSocket s : squatters) {
                s.close();
            }
        }
    }

    private static void answerNothing(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(200);
                try {
                    s.getInputStream().read(new byte[64]);
                } catch (IOException ignored) {
                    // nothing sent in time
                }
            } catch (IOException closed) {
                return;
            }
        }
    }
}
