package dev.crawlyard.workflows.task;

import java.util.Locale;

/** What a spider is: a command of its own, or one of the built-in task types run from a JSON config. */
public enum SpiderType {
    /** The spider's own program, started by its shell command. */
    COMMAND,
    /** The built-in crawler, run from its config. */
    CRAWLER;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type a wire name names; null or blank is a command. */
    public static SpiderType fromWireName(String name) {
        return name == null || name.isBlank() ? COMMAND : valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
