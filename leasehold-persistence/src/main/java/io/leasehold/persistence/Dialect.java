package io.leasehold.persistence;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** What differs between the databases Leasehold stores to: column types and the upsert statement. */
enum Dialect {

    /** H2, embedded in a file: {@code jdbc:h2:file:...} (or a server, {@code jdbc:h2:tcp:...}). */
    H2("VARCHAR", "VARBINARY") {
        @Override
        String upsert(String table, String key, List<String> columns) {
            return "MERGE INTO " + table + " (" + key + ", " + String.join(", ", columns) + ") KEY (" + key
                    + ") VALUES (" + marks(columns.size() + 1) + ")";
        }
    },

    /** PostgreSQL: {@code jdbc:postgresql://...}. */
    POSTGRESQL("TEXT", "BYTEA") {
        @Override
        String upsert(String table, String key, List<String> columns) {
            return "INSERT INTO " + table + " (" + key + ", " + String.join(", ", columns) + ") VALUES ("
                    + marks(columns.size() + 1) + ") ON CONFLICT (" + key + ") DO UPDATE SET "
                    + columns.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
        }
    };

    final String text;
    final String bytes;

    Dialect(String text, String bytes) {
        this.text = text;
        this.bytes = bytes;
    }

    /** Inserts or replaces the row of a key: the key's value first, then the columns in this order. */
    abstract String upsert(String table, String key, List<String> columns);

    /**
     * The dialect of a JDBC URL.
     *
     * @throws IllegalArgumentException naming the URL's scheme when it is neither H2 nor PostgreSQL
     */
    static Dialect of(String jdbcUrl) {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        int scheme = url.indexOf(':', "jdbc:".length());
        throw new IllegalArgumentException("Leasehold persistence stores to H2 (jdbc:h2:...) or PostgreSQL"
                + " (jdbc:postgresql:...), not to " + (scheme > 0 ? jdbcUrl.substring(0, scheme + 1) : jdbcUrl));
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }
}
