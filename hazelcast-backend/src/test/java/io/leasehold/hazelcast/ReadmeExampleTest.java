package io.leasehold.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** The README's examples run (that they are the README's text is {@link ReadmeSnippetsTest}'s part). */
class ReadmeExampleTest {

    @Test
    void theUsageExamplesMainRunsAndPrintsAFence() throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            LockExample.main(new String[] {"leasehold-readme-" + UUID.randomUUID()});
        } finally {
            System.setOut(old);
        }
        Matcher printed = Pattern.compile("order 42 written with fence (\\d+)").matcher(out.toString(StandardCharsets.UTF_8));
        assertTrue(printed.find(), out.toString(StandardCharsets.UTF_8));
        assertTrue(Long.parseLong(printed.group(1)) > 0);
    }

    @Test
    void theUsageAndClientExamplesHandOutGrowingFences() throws InterruptedException {
        try (TestCluster cluster = new TestCluster(1)) {
            long embedded = LockExample.writeOrder(cluster.first());
            HazelcastInstance client = cluster.newClient();
            try {
                long viaClient = ClientExample.lockOnce(client);
                assertTrue(embedded > 0);
                assertTrue(viaClient > embedded, "fences only grow: " + embedded + " then " + viaClient);
            } finally {
                client.shutdown();
            }
        }
    }
}
