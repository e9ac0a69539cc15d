package dev.crawlyard.store.schedules;

import java.util.Locale;

/** What a firing does while the schedule's previous run is still going. */
public enum OverlapPolicy {
    /** The firing is dropped. */
    SKIP,
    /** One firing waits for the run to end; later ones are dropped. */
    BUFFER_ONE,
    /** Every firing waits its turn. */
    BUFFER_ALL,
    /** The running run is cancelled and the firing starts. */
    CANCEL_OTHER,
    /** The firing starts beside the running run. */
    ALLOW_ALL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name; throws {@link IllegalArgumentException} for anything else. */
    public static OverlapPolicy fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
