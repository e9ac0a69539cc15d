package dev.crawlyard.api;

import dev.crawlyard.api.errors.FieldErrors;

/** The bounds every paged list shares. */
public final class Paging {

    public static final int MAX_SIZE = 500;

    private Paging() {
    }

    public static void check(int page, int size) {
        new FieldErrors()
                .require(page >= 0, "page", "must be 0 or more")
                .require(size >= 1 && size <= MAX_SIZE, "size", "must be between 1 and " + MAX_SIZE)
                .throwIfAny();
    }
}
