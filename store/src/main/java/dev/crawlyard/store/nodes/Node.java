package dev.crawlyard.store.nodes;

import java.time.Instant;
import java.util.Map;

/**
 * A worker node as it registered and last reported.
 *
 * @param key        its stable key; its queue is {@code crawlyard.node.<key>}
 * @param name       a name for people
 * @param host       the machine it runs on
 * @param labels     free labels
 * @param enabled    whether it takes new tasks
 * @param maxRunners the most spider processes it runs at once
 * @param running    how many it ran at its last report
 * @param startedAt  when it last started
 * @param lastSeenAt when it last reported
 * @param containerEngine the version of the container engine it found when it started, or null for none
 */
public record Node(String key, String name, String host, Map<String, String> labels, boolean enabled, int maxRunners,
        int running, Instant startedAt, Instant lastSeenAt, String containerEngine) {

    /** Whether it can run a task in a container. */
    public boolean runsContainers() {
        return containerEngine != null;
    }

    /** Whether it reported within {@code window} of {@code now}. */
    public boolean onlineAt(Instant now, java.time.Duration window) {
        return lastSeenAt.plus(window).isAfter(now);
    }
}
