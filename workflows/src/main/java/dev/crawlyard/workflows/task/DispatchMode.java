package dev.crawlyard.workflows.task;

import java.util.Locale;

/** How a run request chooses nodes. */
public enum DispatchMode {
    /** One task, to whichever online, enabled node has a free runner. */
    RANDOM,
    /** One task for each listed node, pinned to it. */
    SELECTED,
    /** One task for each node online and enabled when the run starts, pinned to it. */
    ALL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DispatchMode fromWireName(String name) {
        return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
}
