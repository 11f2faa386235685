package io.leasehold.hazelcast.internal.admin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A place in a listing: a partition and the last key returned from it (null: from its start). */
record Cursor(int partition, String after) {

    String format(String kind) {
        String key = after == null ? "" : Base64.getUrlEncoder().withoutPadding()
                .encodeToString(after.getBytes(StandardCharsets.UTF_8));
        return kind + "." + partition + "." + key;
    }

    static Cursor parse(String cursor, String kind, boolean hexKey) {
        if (cursor == null || cursor.isEmpty()) {
            return new Cursor(0, null);
        }
        String[] parts = cursor.split("\\.", -1);
        try {
            if (parts.length != 3 || !parts[0].equals(kind)) {
                throw new IllegalArgumentException();
            }
            int partition = Integer.parseInt(parts[1]);
            if (partition < 0) {
                throw new IllegalArgumentException();
            }
            String after = parts[2].isEmpty() ? null
                    : new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.UTF_8);
            if (after != null && hexKey) {
                Long.parseUnsignedLong(after, 16);
            }
            return new Cursor(partition, after);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + cursor + "' is not a " + kind
                    + " listing cursor (pass back a nextCursor this API returned)");
        }
    }
}
