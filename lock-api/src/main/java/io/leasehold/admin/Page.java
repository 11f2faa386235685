package io.leasehold.admin;

import java.util.List;
import java.util.Optional;

/**
 * One page of a listing.
 *
 * @param items      the rows of this page, at most the page size asked for
 * @param nextCursor the cursor of the next page; empty when this page is the last
 */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
    public Page {
        items = List.copyOf(items);
    }

    /** True if there is a page after this one. */
    public boolean hasMore() {
        return nextCursor.isPresent();
    }
}
