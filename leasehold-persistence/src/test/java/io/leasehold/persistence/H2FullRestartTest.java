package io.leasehold.persistence;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The full restart on the embedded default: an H2 database in a file. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class H2FullRestartTest extends FullRestartContract {

    @TempDir
    Path dir;

    @Override
    JdbcPersistence openStore() {
        return JdbcPersistence.h2File(dir.resolve("leasehold"));
    }
}
