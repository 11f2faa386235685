package io.leasehold.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The demo's console for tests: each line the demo prints (live tables, events, the summary) goes to
 * the test log ({@code target/test.log}) at INFO, not to the build's console.
 */
final class TestConsole {

    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.demo.console");

    private TestConsole() {
    }

    static PrintStream create() {
        return new PrintStream(new LineLogger(), true, StandardCharsets.UTF_8);
    }

    private static final class LineLogger extends OutputStream {
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flushLine();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void flush() {
            if (line.size() > 0) {
                flushLine();
            }
        }

        @Override
        public void close() {
            flush();
        }

        private void flushLine() {
            LOG.info("{}", line.toString(StandardCharsets.UTF_8).stripTrailing());
            line.reset();
        }
    }
}
