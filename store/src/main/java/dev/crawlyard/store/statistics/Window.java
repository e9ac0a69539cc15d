package dev.crawlyard.store.statistics;

import java.time.Duration;

/** The spans statistics are given for, as pyspider's project list shows them. */
public enum Window {
    FIVE_MINUTES("5m", Duration.ofMinutes(5)),
    HOUR("1h", Duration.ofHours(1)),
    DAY("1d", Duration.ofDays(1)),
    ALL("all", null);

    private final String wireName;
    private final Duration span;

    Window(String wireName, Duration span) {
        this.wireName = wireName;
        this.span = span;
    }

    public String wireName() {
        return wireName;
    }

    /** How far back the window reaches, or null for all time. */
    public Duration span() {
        return span;
    }
}
