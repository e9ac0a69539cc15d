package dev.crawlyard.store.tokens;

import java.util.Locale;

/** What an API token may do. Each role may do everything the roles below it may. */
public enum TokenRole {
    /** Everything, tokens included. */
    ADMIN,
    /** Spiders, runs, cancels, schedules and nodes: every call but the tokens'. */
    OPERATOR,
    /** Reads only. */
    VIEWER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; throws {@link IllegalArgumentException} for anything else. */
    public static TokenRole fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
