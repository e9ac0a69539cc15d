package dev.crawlyard.store.logs;

import java.util.Locale;

/** Where a log line came from. */
public enum LogStream {
    /** The spider's standard output. */
    STDOUT,
    /** The spider's standard error. */
    STDERR,
    /** The platform, about the task (install output, stop notices). */
    SYSTEM;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    public String wireName() {
        return wireName;
    }
}
