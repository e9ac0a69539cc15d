package dev.crawlyard.workflows.task;

import java.util.Locale;

/** What happens to an item whose dedup key a spider has stored before. */
public enum DedupMode {
    /** The new item is dropped; the first one stays. */
    IGNORE,
    /** The new item replaces the stored one (and now belongs to the new task). */
    OVERWRITE;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DedupMode fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
