package dev.crawlyard.api;

import dev.crawlyard.api.errors.FieldErrors;

/** The bounds every paged list shares. */
public final class Paging {

    public static final int MAX_SIZE = 500;

    private Paging() {
    }

    public static void check(int page, int size) {
        new FieldErrors()
                .require(page >= 0 && page <= Bounds.MAX_PAGE, "page", "must be between 0 and " + Bounds.MAX_PAGE)
                .require(size >= 1 && size <= MAX_SIZE, "size", "must be between 1 and " + MAX_SIZE)
                .throwIfAny();
    }
}
